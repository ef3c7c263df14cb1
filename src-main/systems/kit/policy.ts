// The one failure policy: what a ConnectorError does to the connection, to a
// sync and to an API call. Sync, health checks and API writes all read it, so
// a TLS failure marks a connection offline whichever of them met it.
import type { ConnectorError, ConnectorErrorKind, ValidationCode } from './errors.js';

export interface FailureEffect {
  /** connection: the whole connection is affected (a sync stops); entity: only what was being read or written. */
  scope: 'connection' | 'entity';
  /** The connection's status afterwards (the system rejected the credentials). */
  status?: 'auth_required';
  /** The connection's health afterwards. */
  health?: 'online' | 'offline';
  /** A sync waits (Retry-After, else back-off) and tries again. */
  retry: boolean;
  /** The sync run's error code. */
  syncCode: string;
  /** The unified API's answer (validation errors answer their own code with 422). */
  api: { code: string; status: number };
}

export const FAILURE_POLICY: Readonly<Record<ConnectorErrorKind, FailureEffect>> = {
  auth: { scope: 'connection', status: 'auth_required', retry: false, syncCode: 'auth_failed', api: { code: 'connection_auth_required', status: 409 } },
  unreachable: { scope: 'connection', health: 'offline', retry: false, syncCode: 'system_unreachable', api: { code: 'system_unavailable', status: 503 } },
  tls: { scope: 'connection', health: 'offline', retry: false, syncCode: 'tls_error', api: { code: 'system_unavailable', status: 503 } },
  unavailable: { scope: 'connection', health: 'offline', retry: true, syncCode: 'system_unavailable', api: { code: 'system_unavailable', status: 503 } },
  rate_limited: { scope: 'connection', retry: true, syncCode: 'rate_limited', api: { code: 'rate_limited', status: 429 } },
  entity_unavailable: { scope: 'entity', health: 'online', retry: false, syncCode: 'entity_unavailable', api: { code: 'entity_unavailable', status: 409 } },
  validation: { scope: 'entity', health: 'online', retry: false, syncCode: 'system_error', api: { code: 'validation_failed', status: 422 } },
  not_found: { scope: 'entity', health: 'online', retry: false, syncCode: 'system_error', api: { code: 'not_found', status: 404 } },
  invalid_request: { scope: 'entity', retry: false, syncCode: 'system_error', api: { code: 'invalid_request', status: 400 } },
  system: { scope: 'entity', health: 'online', retry: false, syncCode: 'system_error', api: { code: 'system_error', status: 502 } },
};

export const failureEffect = (e: ConnectorError): FailureEffect => FAILURE_POLICY[e.kind];

/** Validation codes that are not 422: a conflict with what the system already holds. */
const VALIDATION_STATUS: Partial<Record<ValidationCode, number>> = { duplicate_reading: 409 };

/** The unified API's error for a failed call through a connector: code, HTTP status, message, extra fields. */
export function apiFailure(e: ConnectorError): { code: string; status: number; message: string; details: Record<string, unknown> } {
  const { api } = failureEffect(e);
  const details: Record<string, unknown> = {};
  if (e.extra.field) details.field = e.extra.field;
  if (e.kind === 'rate_limited') details.retry_after = e.extra.retryAfterSeconds ?? 30;
  const code = e.kind === 'validation' ? e.extra.code ?? api.code : e.kind === 'invalid_request' && e.extra.code === 'invalid_cursor' ? 'invalid_request' : api.code;
  const message = e.kind === 'auth' ? `The system rejected the stored credentials; an admin must reconnect it. (${e.message})`
    : e.kind === 'unreachable' || e.kind === 'tls' ? `The system cannot be reached: ${e.message}`
      : e.kind === 'unavailable' ? `The system is unavailable: ${e.message}`
        : e.kind === 'rate_limited' ? 'The system is rate limiting; retry later.'
          : e.kind === 'system' ? `The system failed: ${e.message}`
            : e.message;
  const status = e.kind === 'validation' && e.extra.code ? VALIDATION_STATUS[e.extra.code as ValidationCode] ?? api.status : api.status;
  return { code, status, message, details };
}
