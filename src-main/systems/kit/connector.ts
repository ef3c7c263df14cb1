// systems/kit/ is the connector kit every system uses: a system is a
// definition (definition.ts) that is mostly data; the kit owns the paging loop
// (paging.ts, key-ranges.ts), the cursor codec (cursor.ts), the page-mapping
// loop and shared code tables (mapping.ts), exact money (money.ts), the HTTP
// transport (http.ts), typed errors (errors.ts) and the failure policy
// (policy.ts). This file turns a definition into the Connector the sync
// engine, health checks and the unified API talk to; every failure that leaves
// it is a ConnectorError.
import { z } from 'zod';
import { CreatePurchaseOrder, CreateServiceRequest, RecordMeterReading, UpdateWorkOrder, type EntityName, type MappedRecord } from '../../contract/unified.js';
import type { ConnectorConfig } from './config.js';
import { cursorCodec } from './cursor.js';
import type { EntityDeclaration, SystemDefinition } from './definition.js';
import { ConnectorError } from './errors.js';
import { transportError } from './http.js';
import { mapRows, recordOf } from './mapping.js';
import { positionSchema, step, type Step } from './paging.js';
import type { PassthroughCall, PassthroughPolicy, RawAnswer } from './passthrough.js';

export interface ListChangesRequest {
  entity: EntityName;
  /** ISO time: only records changed at or after it; null = everything within the history window. */
  since: string | null;
  /** ISO time: the initial sync's history window start (for entities that have dates). */
  historyStart: string | null;
  cursor: string | null;
  pageSize: number;
}

/** One page of changed records of one entity. */
export interface ChangePage {
  records: MappedRecord[];
  /** Remote ids the system reports as deleted. */
  deleted: string[];
  /** Where the next page starts; null when this was the last page. */
  nextCursor: string | null;
  /** Records on this page that could not be read (the sync goes on and reports them). */
  rejected?: { remote_id: string | null; reason: string }[];
  /** Records mapped with a fallback (an unknown code): the sync raises one system.error each. */
  warnings?: { remote_id: string; message: string }[];
  /** Parts of the entity skipped on this page because their source is not offered (an optional listing). */
  notices?: string[];
}

/** A write's answer: the record as the system now has it. */
export interface WriteResult {
  record: MappedRecord;
  /** True where the system validated the write but did not apply it (the sandbox). */
  simulated?: boolean;
}

/** Write inputs carry the system's own keys (the API resolves unified ids first). */
export type CreatePurchaseOrderRemote = Omit<CreatePurchaseOrder, 'vendor_id' | 'location_id' | 'lines'> & {
  vendor_id: string;
  location_id?: string;
  lines: (Omit<CreatePurchaseOrder['lines'][number], 'item_id'> & { item_id: string })[];
};

/** A meter reading for the system: the meter's own key, the time always set. */
export type RecordMeterReadingRemote = Omit<RecordMeterReading, 'read_at'> & { read_at: string };

/** A service request for the system: asset and location as the system's own keys. */
export type CreateServiceRequestRemote = CreateServiceRequest;

export interface EntityAvailability {
  available: boolean;
  /** The system's own reason when not available. */
  reason: string | null;
  /** What to ask the system's admin for. */
  action: string | null;
}

export interface Connector {
  readonly system: string;
  /** The entities the system declares (the others are unavailable with a reason). */
  readonly entities: EntityName[];
  /** Whether listChanges reports deletions itself; if not, a full sync finds them by absence. */
  readonly reportsDeletions: boolean;
  /** No reliable change time (SAP ECC): every listing is complete; changes by content hash, deletions by absence. */
  readonly listsEverything: boolean;
  /** Proves the credentials with a cheap call. */
  auth(): Promise<void>;
  /** Is the system reachable and accepting the credentials? */
  health(): Promise<void>;
  /** Whether the entity is offered to this user; throws for failures of the whole connection (auth, unreachable…). */
  checkEntity(entity: EntityName): Promise<EntityAvailability>;
  listChanges(req: ListChangesRequest): Promise<ChangePage>;
  getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null>;
  createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult>;
  updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult>;
  /** Where passthrough may go and what its read-only guard allows; null: the system offers none. */
  readonly passthroughPolicy: PassthroughPolicy | null;
  /** One raw request through the connection's client (checked by the caller against passthroughPolicy). */
  passthrough(call: PassthroughCall): Promise<RawAnswer>;
  recordMeterReading(input: RecordMeterReading): Promise<WriteResult>;
  createServiceRequest(input: CreateServiceRequestRemote): Promise<WriteResult>;
  close(): void;
}

/** The shared classification: ConnectorErrors pass, transport failures are named, anything else is the system's fault. */
export function classifyDefault(err: unknown): ConnectorError {
  return transportError(err) ?? new ConnectorError('system', err instanceof Error ? err.message : String(err));
}

/** A write input read once, by the unified schema, before any system sees it. */
function writeInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new ConnectorError('invalid_request', `${field || 'body'}: ${issue?.message ?? 'not valid'}`, field ? { field } : {});
}

const listingCursor = cursorCodec(z.object({ l: z.number().int().min(0).max(20), p: z.unknown() }).strict());

export function createConnector<C>(def: SystemDefinition<C>, config: ConnectorConfig): Connector {
  const decl = def.connector;
  if (!decl) throw new ConnectorError('invalid_request', `The ${def.name} connector is not available in this version.`);
  const classify = (err: unknown): ConnectorError => (err instanceof ConnectorError ? err : decl.classify(err));
  let client: C | null = null;
  const clientOf = (): C => (client ??= decl.client(config));
  /** Runs against the client; whatever fails leaves as a ConnectorError. */
  const run = async <T>(fn: (c: C) => Promise<T>): Promise<T> => {
    try { return await fn(clientOf()); } catch (err) { throw classify(err); }
  };
  /** The page size this system accepted, for the rest of this connector's life. */
  const sizeCap = { value: Number.POSITIVE_INFINITY };
  const entities = Object.keys(decl.entities) as EntityName[];

  const declared = (entity: EntityName): EntityDeclaration<C> => {
    const e = Object.hasOwn(decl.entities, entity) ? decl.entities[entity] : undefined;
    if (e) return e;
    const absent = decl.absent && Object.hasOwn(decl.absent, entity) ? decl.absent[entity] : undefined;
    throw new ConnectorError('entity_unavailable', absent?.reason ?? `${def.name} has no ${entity.replaceAll('-', ' ')}`, absent?.action ? { action: absent.action } : {});
  };

  async function probe(e: EntityDeclaration<C>, c: C): Promise<void> {
    if (e.probe) return e.probe(c);
    for (const listing of e.listings) {
      if (listing.optional) continue;
      await step(listing.paging, c, null, { pageSize: 1, since: null, historyStart: null }, { value: 1 });
    }
  }

  return {
    system: def.id,
    entities,
    reportsDeletions: decl.deletions === 'reported',
    listsEverything: decl.deletions === 'every_listing',

    auth: () => run((c) => decl.auth(c)),
    health: () => run((c) => (decl.health ?? decl.auth)(c)),

    async checkEntity(entity) {
      try {
        const e = declared(entity);
        await run((c) => probe(e, c));
        return { available: true, reason: null, action: null };
      } catch (err) {
        const e = classify(err);
        // only the system's "not offered to you" is unavailability; any other failure is the caller's to handle
        if (e.kind !== 'entity_unavailable') throw e;
        return { available: false, reason: e.message, action: e.extra.action ?? null };
      }
    },

    async listChanges(req) {
      const e = declared(req.entity);
      if (!Number.isInteger(req.pageSize) || req.pageSize < 1) {
        throw new ConnectorError('invalid_request', `pageSize must be a positive integer, got ${req.pageSize}`, { field: 'pageSize' });
      }
      const at = req.cursor === null ? { l: 0, p: null } : listingCursor.decode(req.entity, req.cursor);
      const listing = e.listings[at.l];
      const position = at.p === null || at.p === undefined ? null : positionSchema(listing?.paging ?? e.listings[0].paging).safeParse(at.p);
      if (!listing || (position !== null && !position.success)) {
        throw new ConnectorError('invalid_request', `Invalid cursor for ${req.entity}`, { code: 'invalid_cursor', field: 'cursor' });
      }
      const page: ChangePage = { records: [], deleted: [], nextCursor: null };
      let s: Step;
      try {
        s = await run((c) => step(listing.paging, c, position?.data ?? null, { pageSize: req.pageSize, since: req.since, historyStart: req.historyStart }, sizeCap));
      } catch (err) {
        if (!(listing.optional && err instanceof ConnectorError && err.kind === 'entity_unavailable')) throw err;
        s = { rows: [], bad: [], deleted: [], next: null };
        page.notices = [err.message];
      }
      const rows = listing.enrich && s.rows.length ? await run((c) => listing.enrich!(c, s.rows)) : s.rows;
      mapRows(rows, listing.map, listing.idOf, page);
      if (s.bad.length) (page.rejected ??= []).push(...s.bad);
      page.deleted.push(...s.deleted);
      const next = s.next !== null ? { l: at.l, p: s.next } : at.l + 1 < e.listings.length ? { l: at.l + 1, p: null } : null;
      page.nextCursor = next ? listingCursor.encode(req.entity, next) : null;
      return page;
    },

    async getOne(entity, remoteId) {
      const e = declared(entity);
      return recordOf(await run((c) => e.get(c, remoteId)));
    },

    async createPurchaseOrder(input) {
      const body = writeInput(CreatePurchaseOrder, input) as CreatePurchaseOrderRemote;
      return run((c) => decl.writes.createPurchaseOrder(c, body));
    },
    async updateWorkOrder(remoteId, patch) {
      const body = writeInput(UpdateWorkOrder, patch);
      return run((c) => decl.writes.updateWorkOrder(c, remoteId, body));
    },
    async recordMeterReading(input) {
      const body = writeInput(RecordMeterReading, input);
      // the time the reading was taken: the caller's, else now (to the second, as systems keep it)
      const readAt = body.read_at ?? new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
      return run((c) => decl.writes.recordMeterReading(c, { ...body, read_at: new Date(Date.parse(readAt)).toISOString() }));
    },
    async createServiceRequest(input) {
      const body = writeInput(CreateServiceRequest, input);
      return run((c) => decl.writes.createServiceRequest(c, body));
    },

    passthroughPolicy: decl.passthrough ? { paths: decl.passthrough.paths, ...(decl.passthrough.readOnlyPost ? { readOnlyPost: decl.passthrough.readOnlyPost } : {}) } : null,
    async passthrough(call) {
      const p = decl.passthrough;
      if (!p) throw new ConnectorError('invalid_request', `${def.name} offers no passthrough`);
      return run((c) => p.send(c, call));
    },

    close() {
      if (client !== null) decl.close?.(client);
    },
  };
}
