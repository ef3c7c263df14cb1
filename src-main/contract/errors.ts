// Errors are values with a code from the contract. Every boundary (admin HTTP,
// unified API, IPC, CLI) turns a MillwrightError into the contract's error shape;
// anything else is a bug and crosses the boundary only as `internal_error`.
import { z } from 'zod';

/** Contract error codes and the HTTP status each one maps to. */
export const errorStatus = {
  invalid_request: 400,
  invalid_token: 401,
  unauthorized: 401,
  connection_inactive: 403,
  passthrough_forbidden: 403,
  forbidden_host: 421,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  connection_auth_required: 409,
  entity_unavailable: 409,
  insufficient_credits: 409,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  not_implemented: 501,
  system_error: 502,
  system_unavailable: 503,
  keychain_unavailable: 503,
  shutting_down: 503,
  // connect / reconnect verification failures (nothing is stored)
  invalid_credentials: 422,
  tls_error: 422,
  unreachable: 422,
  invalid_url: 422,
  no_entity_available: 422,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export class MillwrightError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode | string, message: string, opts: { status?: number; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'MillwrightError';
    this.code = code;
    this.status = opts.status ?? (errorStatus as Record<string, number>)[code] ?? 500;
    this.details = opts.details ?? {};
  }
}

export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new MillwrightError(code, message, { details });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
    field: z.string().optional(),
  }).catchall(z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Turns a zod error into `invalid_request` naming the first offending field. */
export function invalidRequest(err: z.ZodError, prefix = ''): MillwrightError {
  const issue = err.issues[0];
  const path = (issue?.path ?? []).map(String);
  // zod reports an unknown key at its parent's path: name the key itself.
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = [prefix, ...path, ...(unknownKey ? [unknownKey] : [])].filter(Boolean).join('.');
  const message = !issue ? 'invalid request'
    : unknownKey ? `"${field}" is not a known field here`
    : `${field || 'body'}: ${issue.message}`;
  return new MillwrightError('invalid_request', message, { details: { field: field || undefined } });
}

/** Parses with a schema, or throws `invalid_request` with the field. */
export function parseOrFail<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidRequest(r.error, prefix);
  return r.data;
}

export function toErrorBody(err: unknown, requestId?: string): { status: number; body: ErrorBody } {
  if (err instanceof MillwrightError) {
    const { field, ...rest } = err.details as { field?: string };
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, request_id: requestId, ...(field ? { field } : {}), ...rest } },
    };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal error; see the agent log', request_id: requestId } } };
}
