// Settings: a flat key/value table, validated by the contract's schema.
import type { Db } from './db.js';
import { defaultSettings, Settings, type SettingsPatch } from '../contract/settings.js';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  all(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.filter((r) => r.key in defaultSettings).map((r) => [r.key, JSON.parse(r.value)]));
    return Settings.parse({ ...defaultSettings, ...stored });
  }

  get<K extends keyof Settings>(key: K): Settings[K] {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Settings[K]) : defaultSettings[key];
  }

  /** Writes a patch parsed at the admin edge; call inside a transaction when other checks must hold with it. */
  patch(patch: SettingsPatch): Settings {
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    for (const [k, v] of Object.entries(patch)) put.run(k, JSON.stringify(v));
    return this.all();
  }
}
