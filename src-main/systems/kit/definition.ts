// What a system is, as data: its catalog entry (id, tier, deployments, what the
// connect form asks), the options it declares (with their schemas, which the
// Add connection screen draws), and its connector — a client factory, an
// authentication probe, its entities (each: where it comes from, how it pages,
// how a record maps) and its writes. The kit (connector.ts) turns a definition
// into the Connector the sync engine, health checks and the API use.
import { z } from 'zod';
import type { EntityName, UpdateWorkOrder } from '../../contract/unified.js';
import type { Deployment, System } from '../../contract/systems.js';
import type { ConnectorError } from './errors.js';
import type { MapResult, Mapper } from './mapping.js';
import type { Paging } from './paging.js';
import type { ConnectorConfig } from './config.js';
import type { CreatePurchaseOrderRemote, CreateServiceRequestRemote, RecordMeterReadingRemote, WriteResult } from './connector.js';
import type { PassthroughDeclaration } from './passthrough.js';

export type Tier = 1 | 2 | 3;

/** A credential field; drives the CLI flags and the connect/reconnect forms. */
export interface CredentialField { key: string; label: string; secret: boolean; optional?: boolean }

/** A system's own connection option (SAP's client number): validated by `schema`, drawn by the Add connection screen. */
export interface OptionDeclaration {
  key: string;
  label: string;
  description: string;
  placeholder?: string;
  schema: z.ZodType<string>;
}

/** One listing of an entity (SAP locations are two: plants, then storage locations). */
export interface Listing<C> {
  paging: Paging<C>;
  map: Mapper;
  /** The remote id of a raw row, to name a row that cannot be mapped (null when unreadable). */
  idOf(raw: unknown): string | null;
  /** What a page of rows needs besides itself (details, stock, statuses): returns the raw records to map. */
  enrich?(client: C, rows: unknown[]): Promise<unknown[]>;
  /** Skip this listing (with a warning) when its source is not offered, instead of making the entity unavailable. */
  optional?: boolean;
}

export interface EntityDeclaration<C> {
  /** Where the entity comes from, in the admin's words: "OData service API_PLANT_SRV (A_Plant)". */
  source: string;
  listings: Listing<C>[];
  /** One record by its remote id; null when the system has none. */
  get(client: C, remoteId: string): Promise<MapResult | null>;
  /**
   * Is the entity offered to this user? Throws ConnectorError('entity_unavailable', reason, {action}) when not.
   * Default: the first row of each listing that is not optional.
   */
  probe?(client: C): Promise<void>;
}

export interface Writes<C> {
  createPurchaseOrder(client: C, input: CreatePurchaseOrderRemote): Promise<WriteResult>;
  updateWorkOrder(client: C, remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult>;
  /** A reading of one meter; `read_at` is always set (the kit fills in now). Answers the reading as the system keeps it. */
  recordMeterReading(client: C, input: RecordMeterReadingRemote): Promise<WriteResult>;
  createServiceRequest(client: C, input: CreateServiceRequestRemote): Promise<WriteResult>;
}

/** An entity the system does not have at all, and why: the unified API answers 409 entity_unavailable with it. */
export interface AbsentEntity {
  reason: string;
  /** What a user can do instead (null: nothing). */
  action: string | null;
}

export interface ConnectorDeclaration<C> {
  /** The connection's one client: auth, session, CSRF and every request go through it. */
  client(config: ConnectorConfig): C;
  close?(client: C): void;
  /** Any error this system's code throws → a ConnectorError (errors.ts of the system). */
  classify(err: unknown): ConnectorError;
  /** A cheap authenticated call, independent of any entity where the system allows: proves the credentials. */
  auth(client: C): Promise<void>;
  /** Is the system there and accepting the credentials? Default: auth. */
  health?(client: C): Promise<void>;
  /**
   * How deletions become known: `reported` (the listing reports them), `by_absence` (a full listing
   * finds them: the engine runs one daily), `every_listing` (no change time: every listing is full).
   */
  deletions: 'reported' | 'by_absence' | 'every_listing';
  entities: Partial<Record<EntityName, EntityDeclaration<C>>>;
  /** Entities the system has no such thing for, each with the reason (UpKeep has no purchase requisitions). */
  absent?: Partial<Record<EntityName, AbsentEntity>>;
  writes: Writes<C>;
  /** POST /v1/passthrough: the system's API paths and how one raw request goes out. Absent: not offered (the sandbox). */
  passthrough?: PassthroughDeclaration<C>;
}

export interface SystemDefinition<C = unknown> {
  id: string;
  name: string;
  description: string;
  /** null: free (the sandbox). */
  tier: Tier | null;
  deployments: Deployment[];
  url: { needed: boolean; default: string | null };
  /** Alternative credential sets (Maximo: an API key, or a user and password). */
  credentialSets: CredentialField[][];
  options: OptionDeclaration[];
  /** Absent: listed in the catalog, not connectable in this version. */
  connector?: ConnectorDeclaration<C>;
}

/**
 * Entities that differ only in their source and mapper, declared alike: one
 * mapper per entity in, one declaration per entity out. Adding an entity to
 * such a system is adding its mapper here.
 */
export function declareEach<C>(mappers: Partial<Record<EntityName, Mapper>>, declare: (entity: EntityName, map: Mapper) => EntityDeclaration<C>): Partial<Record<EntityName, EntityDeclaration<C>>> {
  return Object.fromEntries(Object.entries(mappers).map(([entity, map]) => [entity, declare(entity as EntityName, map)]));
}

/** Credits a tier costs in the cloud; on-premises costs double. */
export const tierCredits: Record<Tier, number> = { 1: 1, 2: 2, 3: 4 };
export const ON_PREM_MULTIPLIER = 2;

export function creditCost(system: Pick<SystemDefinition, 'tier'>, deployment: Deployment): number {
  if (system.tier === null) return 0;
  return tierCredits[system.tier] * (deployment === 'on_prem' ? ON_PREM_MULTIPLIER : 1);
}

/** The public shape of a system (the admin API's catalog). */
export function describeSystem(s: SystemDefinition): System {
  const cost = (d: Deployment) => (s.deployments.includes(d) ? creditCost(s, d) : null);
  return {
    id: s.id,
    name: s.name,
    tier: s.tier,
    deployments: s.deployments,
    credits: { cloud: cost('cloud'), on_prem: cost('on_prem') },
    description: s.description,
    implemented: s.connector !== undefined,
    needs_url: s.url.needed,
    credential_sets: s.credentialSets,
    default_url: s.url.default,
    options: s.options.map((o) => {
      const { $schema: _s, ...schema } = z.toJSONSchema(o.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      return { key: o.key, label: o.label, description: o.description, placeholder: o.placeholder ?? null, schema };
    }),
    entities: Object.entries(s.connector?.entities ?? {}).map(([entity, e]) => ({ entity, source: e!.source })),
  };
}
