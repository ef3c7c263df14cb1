// The one error a connector raises, with a kind the failure policy acts on
// (policy.ts) and typed codes, so the same case answers the same code on every
// system: an unsettable work-order status is `unsupported_status` whether the
// system is SAP, Maximo or UpKeep.

export type ConnectorErrorKind =
  | 'auth' // the system rejected the credentials
  | 'unreachable' // connection refused, DNS, timeout
  | 'tls' // certificate not trusted, hostname mismatch
  | 'rate_limited' // 429
  | 'unavailable' // 502/503/504: the system is there but cannot answer now
  | 'entity_unavailable' // this entity is not offered to this user: a service not activated, an object structure or table not authorized
  | 'validation' // the system refused a write (422 with a code below)
  | 'not_found'
  | 'invalid_request' // our request was wrong (a bad cursor, a value the system cannot take)
  | 'system'; // anything else the system did wrong

/** Why a system refused a write: the unified API answers 422 with the code. */
export const VALIDATION_CODES = [
  'invalid_vendor', 'invalid_item', 'invalid_location', 'invalid_site', 'invalid_currency', 'invalid_quantity', 'invalid_price',
  'invalid_asset', 'invalid_assignee', 'invalid_date', 'invalid_priority', 'invalid_status',
  /** A meter reading for a meter the system does not have. */
  'invalid_meter',
  'out_of_stock',
  /** The meter already has a reading at that time (answered 409). */
  'duplicate_reading',
  /** The system refused the move from the record's current state (SAP BS/013, Maximo BMXAA4590E). */
  'invalid_status_transition',
  /** The system has no way to set this status through its API. */
  'unsupported_status',
  /** The system (or this connector) cannot write this field. */
  'unsupported_field',
  'value_too_long',
  /** The record kept changing under the write. */
  'conflict',
  /** Any other refusal; the message is the system's own. */
  'validation_failed',
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Codes of the other kinds that callers act on. */
export type RequestCode =
  | 'invalid_cursor'
  /** The system refused the page size asked for (Maximo's mxe.oslc.maxpagesize): the paging loop asks for less. */
  | 'page_size_refused';

export interface ConnectorErrorDetails {
  code?: ValidationCode | RequestCode;
  /** The system's own code (BMXAA9301E, /IWFND/MED/170, NOT_AUTHORIZED, RFC_LOGON_FAILURE…), for the message and logs. */
  systemCode?: string;
  /** The HTTP status the system answered with, where there was one. */
  status?: number;
  retryAfterSeconds?: number;
  /** The request field to blame (writes). */
  field?: string;
  /** entity_unavailable: what to ask the system's admin for. */
  action?: string;
}

export class ConnectorError extends Error {
  constructor(readonly kind: ConnectorErrorKind, message: string, readonly extra: ConnectorErrorDetails = {}) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export const validationError = (code: ValidationCode, message: string, field?: string) =>
  new ConnectorError('validation', message, { code, ...(field ? { field } : {}) });

/** The system refused a value as not of the right kind (a text reading on a numeric meter): 400 naming the field. */
export const invalidValue = (message: string, field: string) => new ConnectorError('invalid_request', message, { field });

export const entityUnavailable = (reason: string, action: string, extra: Omit<ConnectorErrorDetails, 'action'> = {}) =>
  new ConnectorError('entity_unavailable', reason, { ...extra, action });
