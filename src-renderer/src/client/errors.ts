// Every failure a screen sees is a ClientError with the contract's code and a
// message; transports turn their own failures into this shape.
export class ClientError extends Error {
  readonly code: string;
  readonly field?: string;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.field = field;
  }
}

export function toClientError(err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; field?: unknown; body?: unknown };
    const body = (e.body as { error?: { field?: string } } | undefined)?.error;
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      return new ClientError(e.code, e.message, typeof e.field === 'string' ? e.field : body?.field);
    }
  }
  if (err instanceof TypeError) return new ClientError('unreachable_agent', 'The Millwright agent does not answer. Is it still running?');
  return new ClientError('internal_error', err instanceof Error ? err.message : String(err));
}
