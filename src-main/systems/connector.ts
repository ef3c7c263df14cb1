// The seam every system implements. A connector speaks one system's wire format
// and maps its records to the unified model; the sync engine, the connection
// lifecycle and the unified API's writes only ever talk to this interface.
import type { EntityName, MappedRecord, CreatePurchaseOrder, UpdateWorkOrder } from '../contract/unified.js';
import type { Deployment } from '../contract/systems.js';

export interface ConnectorConfig {
  connectionId: string;
  deployment: Deployment;
  baseUrl: string | null;
  credentials: Record<string, string>;
  options: { ca_cert?: string; proxy_url?: string; sap_client?: string; allow_insecure?: boolean };
}

/** One page of changed records of one entity. */
export interface ChangePage {
  records: MappedRecord[];
  /** Remote ids the system reports as deleted since the checkpoint. */
  deleted: string[];
  /** Where the next page starts; null when this was the last page. */
  nextCursor: string | null;
  /** Records on this page the connector could not map (the sync goes on and reports them). */
  rejected?: { remote_id: string | null; reason: string }[];
  /** Records mapped with a fallback (an unknown status code): the sync raises one system.error each. */
  warnings?: { remote_id: string; message: string }[];
}

export interface ListChangesRequest {
  entity: EntityName;
  /** ISO time: only records changed at or after it; null = everything within the history window. */
  since: string | null;
  /** ISO time: the initial sync's history window start (for entities that have dates). */
  historyStart: string | null;
  cursor: string | null;
  pageSize: number;
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

export interface Connector {
  /** A cheap authenticated read; throws ConnectorError (auth, unreachable, tls, …). */
  verify(): Promise<void>;
  /** Is the system reachable and accepting the credentials? Throws ConnectorError. */
  health(): Promise<void>;
  /** Whether listChanges reports deletions itself; if not, a full sync finds them by absence. */
  readonly reportsDeletions: boolean;
  /**
   * True for systems with no reliable change time (SAP ECC): every listing returns
   * everything, changes are found by content hash and deletions by absence.
   */
  readonly listsEverything?: boolean;
  listChanges(req: ListChangesRequest): Promise<ChangePage>;
  getOne(entity: EntityName, remoteId: string): Promise<MappedRecord | null>;
  createPurchaseOrder(input: CreatePurchaseOrderRemote): Promise<WriteResult>;
  updateWorkOrder(remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult>;
  /** Map any error thrown by this connector's transport into a ConnectorError. */
  classify(err: unknown): ConnectorError;
  close?(): void;
}

export type ConnectorErrorKind =
  | 'auth' // the system rejected the credentials
  | 'unreachable' // connection refused, DNS, timeout
  | 'tls' // certificate not trusted / hostname mismatch
  | 'rate_limited' // 429
  | 'unavailable' // 503 and friends
  | 'validation' // the system refused a write: 422 with the system's code
  | 'not_found'
  | 'invalid_request'
  | 'system'; // anything else the system did wrong

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly extra: { code?: string; retryAfterSeconds?: number; httpStatus?: number; field?: string } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export type ConnectorFactory = (config: ConnectorConfig) => Connector;
