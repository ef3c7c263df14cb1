import { z } from 'zod';

export const Deployment = z.enum(['cloud', 'on_prem']);
export type Deployment = z.infer<typeof Deployment>;

/** A credential field a system needs; drives the CLI flags and the connect/reconnect forms. */
export const CredentialField = z.object({
  key: z.string(),
  label: z.string(),
  secret: z.boolean(),
  optional: z.boolean().optional(),
});

/** An option a system declares (SAP's client): the Add connection screen and the CLI draw it from this. */
export const SystemOption = z.object({
  key: z.string(),
  label: z.string(),
  description: z.string(),
  placeholder: z.string().nullable(),
  /** The value's JSON Schema (type, pattern, lengths): the server validates with the same declaration. */
  schema: z.record(z.string(), z.unknown()),
});
export type SystemOption = z.infer<typeof SystemOption>;

/** The public shape of a system in the catalog (see the README's admin API). */
export const System = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  deployments: z.array(Deployment),
  credits: z.object({ cloud: z.number().int().nullable(), on_prem: z.number().int().nullable() }),
  // additions beyond the contract's minimum, for forms and docs
  description: z.string(),
  implemented: z.boolean(),
  needs_url: z.boolean(),
  credential_sets: z.array(z.array(CredentialField)),
  default_url: z.string().nullable(),
  options: z.array(SystemOption),
  /** The entities the system offers, each with where it is read from (the others are unavailable on every connection of it). */
  entities: z.array(z.object({ entity: z.string(), source: z.string() })),
});
export type System = z.infer<typeof System>;
