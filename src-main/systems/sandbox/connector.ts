// The sandbox connector: the Connector interface over a SandboxSource. No
// network and no credentials; listChanges pages the source's change order,
// reports tombstones, and turns unmappable records into `rejected` entries and
// fallback-mapped codes into `warnings` instead of failing the sync.
import type { EntityName, MappedRecord, UpdateWorkOrder } from '../../contract/unified.js';
import { entityNames } from '../../contract/unified.js';
import {
  ConnectorError, type ChangePage, type Connector, type ConnectorConfig, type ConnectorFactory,
  type CreatePurchaseOrderRemote, type ListChangesRequest, type WriteResult,
} from '../connector.js';
import { mapRecord } from './mapping.js';
import { slicePage } from './paging.js';
import { getSandboxSource, type SandboxSource } from './source.js';
import { simulateCreatePurchaseOrder, simulateUpdateWorkOrder } from './writes.js';

/** The sandbox's pages: a ChangePage whose `warnings` carry fallback-mapped (unknown) codes. */
export type SandboxChangePage = ChangePage;

export interface SandboxConnector extends Connector {
  readonly source: SandboxSource;
  listChanges(req: ListChangesRequest): Promise<SandboxChangePage>;
}

function checkEntity(entity: EntityName): void {
  if (!entityNames.includes(entity)) {
    throw new ConnectorError('invalid_request', `Unknown entity ${JSON.stringify(entity)}`, { code: 'invalid_request', httpStatus: 400, field: 'entity' });
  }
}

function parseSince(since: string | null): number | null {
  if (since === null) return null;
  const ms = Date.parse(since);
  if (!Number.isFinite(ms)) throw new ConnectorError('invalid_request', `since is not a valid time: ${since}`, { code: 'invalid_request', httpStatus: 400, field: 'since' });
  return ms;
}

/**
 * listChanges semantics:
 * - since = null: every live record (an initial or full sync). historyStart is
 *   ignored for every entity, purchase and work orders included: the sandbox is
 *   small and its dates are synthetic, so a history window would only hide data.
 * - since set: records with lastModified ≥ since, plus, on the last page, the
 *   ids of records deleted at or after since.
 * - order (lastModified, remote id); the cursor is the last pair returned.
 */
export function createSandboxConnector(config: ConnectorConfig, source?: SandboxSource): SandboxConnector {
  const src = source ?? getSandboxSource(config.connectionId);
  const classify = (err: unknown): ConnectorError =>
    err instanceof ConnectorError ? err : new ConnectorError('system', err instanceof Error ? err.message : String(err));
  /** Writes only ever throw ConnectorError (a garbage record in the source becomes a system error). */
  const write = async (fn: () => WriteResult): Promise<WriteResult> => {
    try {
      return fn();
    } catch (err) {
      throw classify(err);
    }
  };

  return {
    source: src,
    reportsDeletions: true,

    async verify() {},
    async health() {},

    async listChanges(req) {
      checkEntity(req.entity);
      if (!Number.isInteger(req.pageSize) || req.pageSize < 1) {
        throw new ConnectorError('invalid_request', `pageSize must be a positive integer, got ${req.pageSize}`, { code: 'invalid_request', httpStatus: 400, field: 'pageSize' });
      }
      const sinceMs = parseSince(req.since);
      const { keys, nextCursor } = slicePage(req.entity, src.changeOrder(req.entity), sinceMs, req.cursor, req.pageSize);

      const page: SandboxChangePage = { records: [], deleted: [], nextCursor };
      const rejected: NonNullable<ChangePage['rejected']> = [];
      const warnings: NonNullable<SandboxChangePage['warnings']> = [];
      for (const { id } of keys) {
        try {
          const result = mapRecord(req.entity, src.get(req.entity, id));
          page.records.push(result.record);
          for (const message of result.warnings) warnings.push({ remote_id: id, message });
        } catch (err) {
          rejected.push({ remote_id: id, reason: err instanceof Error ? err.message : String(err) });
        }
      }
      if (nextCursor === null && sinceMs !== null) {
        page.deleted = src.tombstones(req.entity).filter((t) => Date.parse(t.deletedAt) >= sinceMs).map((t) => t.remoteId);
      }
      if (rejected.length > 0) page.rejected = rejected;
      if (warnings.length > 0) page.warnings = warnings;
      return page;
    },

    async getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null> {
      checkEntity(entity);
      const raw = src.get(entity, remoteId);
      if (raw === undefined) return null;
      try {
        return mapRecord(entity, raw).record;
      } catch (err) {
        throw classify(err);
      }
    },

    createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult> {
      return write(() => simulateCreatePurchaseOrder(src, input));
    },

    updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
      return write(() => simulateUpdateWorkOrder(src, remoteId, patch));
    },

    classify,
  };
}

/** For the systems catalog: a sandbox connection's connector, on its shared source. */
export const sandboxConnectorFactory: ConnectorFactory = (config) => createSandboxConnector(config);
