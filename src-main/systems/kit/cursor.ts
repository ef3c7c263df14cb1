// The one cursor codec: base64url JSON that names its entity, checked against
// a schema when it comes back, so a cursor from another listing (or garbage)
// is refused with `invalid_cursor` instead of paging from the wrong place.
import { z } from 'zod';
import { ConnectorError } from './errors.js';

export interface CursorCodec<T> {
  encode(entity: string, value: T): string;
  decode(entity: string, cursor: string): T;
}

export function cursorCodec<S extends z.ZodType>(schema: S): CursorCodec<z.infer<S>> {
  const envelope = z.object({ e: z.string(), c: z.unknown() });
  return {
    encode: (entity, value) => Buffer.from(JSON.stringify({ e: entity, c: value }), 'utf8').toString('base64url'),
    decode(entity, cursor) {
      let raw: unknown = null;
      try { raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')); } catch { /* refused below */ }
      const parsed = envelope.safeParse(raw);
      const value = parsed.success && parsed.data.e === entity ? schema.safeParse(parsed.data.c) : null;
      if (!value?.success) throw new ConnectorError('invalid_request', `Invalid cursor for ${entity}`, { code: 'invalid_cursor', field: 'cursor' });
      return value.data as z.infer<S>;
    },
  };
}
