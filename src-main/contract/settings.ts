import { z } from 'zod';

/** Every admin setting, its type and default. Unknown keys are refused. */
export const Settings = z.object({
  'credits.pool': z.number().int().min(0).max(1_000_000),
  'api.host': z.string().min(1).max(255),
  'api.port': z.number().int().min(0).max(65535),
  /** The admin API and admin UI; always on 127.0.0.1. */
  'admin.port': z.number().int().min(0).max(65535),
  'webhooks.allow_insecure_urls': z.boolean(),
  'webhooks.allowed_cidrs': z.array(z.string().max(64)).max(100),
  'notifications.enabled': z.boolean(),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings: Settings = {
  'credits.pool': 16,
  'api.host': '127.0.0.1',
  'api.port': 7870,
  'admin.port': 7871,
  'webhooks.allow_insecure_urls': false,
  'webhooks.allowed_cidrs': [],
  'notifications.enabled': true,
};
