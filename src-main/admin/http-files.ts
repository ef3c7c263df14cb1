// Files on the admin HTTP API. Most operations speak JSON; a few take or give a
// file (the route table marks them: `fileRequest`, `fileResponse`). A file
// answer is the raw bytes with their media type and a download name; a file
// request is the raw bytes (any media type but JSON; `application/octet-stream`
// is the one to send), the other inputs in named headers (the restore
// passphrase: `x-passphrase`) and the query string.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminRoute } from '../contract/admin-routes.js';
import type { FileResult } from '../contract/plantops.js';
import { MillwrightError } from '../contract/errors.js';

/** A backup file of a large plant is a few MB; this leaves room without inviting abuse. */
export const FILE_BODY_LIMIT = 64 * 1024 * 1024;

/** Every non-JSON body is read as bytes; only operations whose route takes a file accept them. */
export function acceptFileBodies(app: FastifyInstance): void {
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/**
 * The input fields a request body carries: the JSON object's fields, or, for a
 * file route, the bytes and the fields named in headers. Header values are read
 * as UTF-8 (HTTP carries them as bytes; Node hands them over as latin1).
 */
export function bodyInput(route: AdminRoute, req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  if (route.fileRequest) {
    if (!Buffer.isBuffer(body)) {
      throw new MillwrightError('unsupported_media_type', 'Send the file as the request body with Content-Type: application/octet-stream.');
    }
    const input: Record<string, unknown> = { [route.fileRequest.field]: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
    for (const [field, header] of Object.entries(route.fileRequest.headers)) {
      const value = req.headers[header];
      if (typeof value === 'string') input[field] = Buffer.from(value, 'latin1').toString('utf8');
    }
    return input;
  }
  if (body === undefined) return {};
  if (Buffer.isBuffer(body)) throw new MillwrightError('unsupported_media_type', 'Send the body as application/json.');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new MillwrightError('invalid_request', 'The body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function sendFile(reply: FastifyReply, file: FileResult): Buffer {
  // The name is ours (ASCII, no quotes), never user input; strip anything else anyway.
  const name = file.filename.replace(/[^\w.-]/g, '_');
  reply.header('content-type', file.content_type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
  return Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength);
}
