// SAP ECC's SOAP-RFC answers as ConnectorErrors: logon failures (401 pages)
// are auth and never retried (SAP locks users); ABAP exceptions come as SOAP
// faults — RFC_READ_TABLE's NOT_AUTHORIZED (no S_TABU_DIS/S_TABU_NAM for the
// table) and TABLE_NOT_AVAILABLE make that entity unavailable; BAPI RETURN rows
// of type E/A on writes become validation codes (a table).
import { ConnectorError, entityUnavailable, type ValidationCode } from '../kit/errors.js';
import { classifyDefault } from '../kit/connector.js';
import type { BapiReturn } from './raw.js';
import { XmlError } from './xml.js';

/** BAPIRET2 messages (ID/NUMBER) → the unified code; first match wins, then the FIELD fallbacks, else validation_failed. */
export const RETURN_MESSAGE_CODES: Readonly<Record<string, ValidationCode | 'not_found'>> = {
  '06/046': 'invalid_vendor', // vendor does not exist
  'ME/046': 'invalid_vendor',
  '06/042': 'invalid_vendor', // vendor blocked for purchasing [?]
  'M7/021': 'out_of_stock', // deficit of unrestricted-use stock
  'M3/305': 'invalid_item', // material not maintained in plant
  'BS/013': 'invalid_status_transition', // system status X is active: transaction not allowed
  'IWO_BAPI2/113': 'not_found', // order does not exist [?]
};
export const RETURN_FIELD_CODES: Readonly<Record<string, ValidationCode>> = {
  VENDOR: 'invalid_vendor',
  MATERIAL: 'invalid_item',
  EQUIPMENT: 'invalid_asset', // BAPI_ALM_NOTIF_CREATE NOTIFHEADER-EQUIPMENT
  PLANPLANT: 'invalid_location',
  PRIORITY: 'invalid_priority',
  SHORT_TEXT: 'value_too_long',
};

/**
 * The first error row of a BAPI's RETURN as a ConnectorError (404 for "does not exist", else 422
 * with a code). `fields` names the request field of a BAPI field (EQUIPMENT → asset_id).
 */
export function returnError(fm: string, rows: BapiReturn[], fields: Readonly<Record<string, string>> = {}): ConnectorError {
  const e = rows.find(isError)!;
  const key = `${(e.ID ?? '').trim()}/${(e.NUMBER ?? '').trim()}`;
  const field = (e.FIELD ?? '').trim().toUpperCase();
  const code = Object.hasOwn(RETURN_MESSAGE_CODES, key) ? RETURN_MESSAGE_CODES[key] : Object.hasOwn(RETURN_FIELD_CODES, field) ? RETURN_FIELD_CODES[field] : 'validation_failed';
  const message = (e.MESSAGE ?? '').trim() || `${fm} failed (${key})`;
  if (code === 'not_found') return new ConnectorError('not_found', message, { systemCode: key });
  const named = Object.hasOwn(fields, field) ? fields[field] : field.toLowerCase();
  return new ConnectorError('validation', message, { code, systemCode: key, ...(field ? { field: named } : {}) });
}

/**
 * MEASUREM_DOCUM_RFC_SINGLE_001's exceptions [V: its signature as ABAP programs call it]: the
 * unified code (a 422/409) or `value`/`read_at` (a 400 naming that field); the rest stay system errors.
 */
export const MEASUREMENT_EXCEPTIONS: Readonly<Record<string, { code: ValidationCode; field: string } | { invalid: 'value' | 'read_at' }>> = {
  POINT_NOT_FOUND: { code: 'invalid_meter', field: 'meter_id' },
  POINT_INACTIVE: { code: 'invalid_meter', field: 'meter_id' },
  INDEX_NOT_UNIQUE: { code: 'invalid_meter', field: 'meter_id' },
  POINT_LOCKED: { code: 'conflict', field: 'meter_id' },
  TIMESTAMP_DUPREC: { code: 'duplicate_reading', field: 'read_at' },
  TIMESTAMP_IN_FUTURE: { invalid: 'read_at' },
  INVALID_DATE: { invalid: 'read_at' },
  INVALID_TIME: { invalid: 'read_at' },
  VALUE_NOT_FLTP: { invalid: 'value' },
  VALUE_OVERFLOW: { invalid: 'value' },
  VALUE_UNFIT: { invalid: 'value' },
  VALUE_MISSING: { invalid: 'value' },
  CODE_NOT_FOUND: { invalid: 'value' },
  UNIT_UNFIT: { invalid: 'value' },
};

export const isError = (r: BapiReturn) => r.TYPE === 'E' || r.TYPE === 'A';

/** An ABAP exception a function module raised (a SOAP fault), by its name. */
export function exceptionError(fm: string, exception: string | null, message: string, status: number, table?: string): ConnectorError {
  const text = `${fm} raised ${exception ?? 'a SOAP fault'}${message ? `: ${message}` : ''}`;
  if (exception === 'RFC_LOGON_FAILURE') return new ConnectorError('auth', text, { status, systemCode: exception });
  if (exception === 'NOT_AUTHORIZED' && table) {
    return entityUnavailable(text, `Ask the SAP security admin for the authorization object S_TABU_DIS (activity 03, display) for the authorization group of table ${table} — or S_TABU_NAM for table ${table} itself — in the RFC user's role.`, { status, systemCode: exception });
  }
  if (exception === 'TABLE_NOT_AVAILABLE' && table) {
    return entityUnavailable(text, `Table ${table} is not available in this SAP system; ask the SAP Basis admin whether this release has it.`, { status, systemCode: exception });
  }
  return new ConnectorError('system', text, { status, systemCode: exception ?? 'soap_fault' });
}

export function classify(err: unknown): ConnectorError {
  if (err instanceof XmlError) return new ConnectorError('system', `SAP answered with unreadable XML: ${err.message}`);
  return classifyDefault(err);
}
