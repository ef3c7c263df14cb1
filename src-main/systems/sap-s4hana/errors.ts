// SAP Gateway's answers as ConnectorErrors. Credentials never reach a message.
// - 401 (an HTML page with the NetWeaver realm): the user, password or client
//   was refused — auth, never retried (cloud users lock after 3 failures).
// - /IWFND/MED/170 "No service found for namespace '/SAP/', name '…'": the
//   service is not activated — that entity is unavailable, whatever the status
//   (404 on most releases, 403 on some).
// - 403 (not a CSRF refusal): the user's roles do not include the service.
// - 404 as an HTML page: no Gateway answers at that address.
// - 400 on a write: SAP's business messages, as validation codes (a table).
import { ConnectorError, entityUnavailable, type ValidationCode } from '../kit/errors.js';
import { bodySummary, statusError, type HttpAnswer } from '../kit/http.js';
import { parseODataError, type SapMessage } from './odata.js';

/** SAP message ids of the write validations the connector knows → the unified 422 codes. */
export const SAP_MESSAGE_CODES: Readonly<Record<string, ValidationCode>> = {
  'ME/083': 'invalid_vendor', // supplier does not exist
  'ME/046': 'invalid_vendor', // supplier blocked for purchasing
  'M3/305': 'invalid_item', // material not maintained in the plant
  'M3/351': 'invalid_item', // material does not exist
  'M7/021': 'out_of_stock', // deficit of unrestricted-use stock
  'BS/013': 'invalid_status_transition', // system status (e.g. CLSD) does not allow the business transaction
  'IW/045': 'invalid_priority', // priority not defined for the priority type
};

/** The Gateway's "service not activated". */
export const NO_SERVICE = '/IWFND/MED/170';

/** The SAP message id in an OData error code: "ME/083" from "ME/083" or "ME/083/…". */
function messageId(code: string): string {
  const m = /^([A-Z0-9_/]+?)\/(\d{3})/.exec(code);
  return m ? `${m[1]}/${m[2]}` : code;
}

export function validationFailure(msg: SapMessage): ConnectorError {
  const known = [msg.code, ...msg.details.map((d) => d.code)].map(messageId).find((c) => Object.hasOwn(SAP_MESSAGE_CODES, c));
  return new ConnectorError('validation', msg.message, { code: known ? SAP_MESSAGE_CODES[known] : 'validation_failed', systemCode: msg.code });
}

export function authError(res: HttpAnswer): ConnectorError {
  const realm = /realm="([^"]*)"/.exec(String(res.headers['www-authenticate'] ?? ''))?.[1];
  return new ConnectorError('auth', `SAP rejected the user name or password (HTTP 401${realm ? `, ${realm}` : ''}); the user may also be locked or the client wrong`, { status: 401 });
}

/** A non-2xx answer from `service`; `what` names the call for messages. */
export function readError(res: HttpAnswer, service: string, what: string): ConnectorError {
  if (res.status === 401) return authError(res);
  const sap = parseODataError(res.body);
  const detail = sap ? `${sap.code ? `${sap.code}: ` : ''}${sap.message}` : bodySummary(res.body);
  const extra = { status: res.status, ...(sap?.code ? { systemCode: sap.code } : {}) };
  if (sap?.code === NO_SERVICE) {
    return entityUnavailable(`${detail} (HTTP ${res.status})`,
      `Ask the SAP Basis admin to activate the OData service ${service} in transaction /IWFND/MAINT_SERVICE (SAP Gateway).`, extra);
  }
  const shared = statusError(res.status, res.headers, detail);
  if (shared) return shared;
  if (res.status === 403) {
    return entityUnavailable(`The SAP user is not authorized for ${service} (HTTP 403${detail ? `: ${detail}` : ''})`,
      `Ask the SAP security admin to give the user a role that includes the OData service ${service} (authorization object S_SERVICE, plus the business authorizations it reads).`, extra);
  }
  if (res.status === 404 && !sap) {
    return entityUnavailable(`No OData service answered for ${service} (HTTP 404: ${detail || 'an empty answer'})`,
      `Check the connection's URL, and ask the SAP Basis admin whether the ICF node /sap/opu/odata and the service ${service} are active.`, extra);
  }
  if (res.status === 404) return new ConnectorError('not_found', `${what} not found (HTTP 404: ${detail})`, extra);
  return new ConnectorError('system', `${what} failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`, extra);
}

/** A non-2xx answer to a write: SAP's business messages (400) become validation errors. */
export function writeError(res: HttpAnswer, service: string, what: string): ConnectorError {
  if (res.status === 400) {
    const sap = parseODataError(res.body);
    if (sap) return validationFailure(sap);
  }
  return readError(res, service, what);
}

/**
 * A non-2xx answer from an OData v4 service. A 404 on a collection is the service group not being
 * published ([?] SAP's message for it is not in our sources; the status is what counts): the
 * entity is unavailable, and the admin publishes the group in /IWFND/V4_ADMIN.
 */
export function v4ReadError(res: HttpAnswer, service: string, what: string, collection: boolean): ConnectorError {
  if (res.status === 404 && collection) {
    const sap = parseODataError(res.body);
    return entityUnavailable(`SAP answered 404 for the OData v4 service ${service}${sap?.message ? `: ${sap.message}` : ''}`,
      `Ask the SAP Basis admin to publish the service group of ${service} in transaction /IWFND/V4_ADMIN (SAP Gateway, OData V4).`, { status: 404, ...(sap?.code ? { systemCode: sap.code } : {}) });
  }
  return readError(res, service, what);
}
