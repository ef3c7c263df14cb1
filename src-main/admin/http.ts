// The admin HTTP API of the headless host (README: The admin UI, admin API): routes generated from
// the admin operations table, loopback only, bearer admin token, Host header
// checked against DNS rebinding, JSON errors with codes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import crypto from 'node:crypto';
import { adminOperations, type AdminApi, type AdminOperationName } from '../contract/admin.js';
import { MillwrightError } from '../contract/errors.js';
import type { Log } from '../log.js';
import { createListener } from '../http/common.js';
import type { FileResult } from '../contract/plantops.js';
import { acceptFileBodies, bodyInput, FILE_BODY_LIMIT, sendFile } from './http-files.js';

export interface AdminHttpOptions {
  api: AdminApi;
  adminToken: string;
  log: Log;
  /** Extra routes (the renderer, the SSE stream) registered by the host. */
  extend?: (app: FastifyInstance, guard: (req: FastifyRequest) => void) => void;
}

export const ADMIN_BODY_LIMIT = 1024 * 1024;

export function createAdminHttp(opts: AdminHttpOptions): FastifyInstance {
  const app = createListener({ log: opts.log, listener: 'admin', bodyLimit: ADMIN_BODY_LIMIT, loopbackHostsOnly: true });
  const expected = crypto.createHash('sha256').update(opts.adminToken).digest();

  const guard = (req: FastifyRequest) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const given = crypto.createHash('sha256').update(m?.[1] ?? '').digest();
    if (!m || !crypto.timingSafeEqual(given, expected)) {
      throw new MillwrightError('unauthorized', 'Missing or wrong admin token: send Authorization: Bearer <the token in <data dir>/admin-token>.');
    }
  };

  acceptFileBodies(app);
  for (const name of Object.keys(adminOperations) as AdminOperationName[]) {
    const op = adminOperations[name];
    app.route({
      method: op.method,
      url: op.path,
      // A file body is large: refuse a caller without the token before reading it.
      ...(op.fileRequest ? { bodyLimit: FILE_BODY_LIMIT, onRequest: async (req: FastifyRequest) => guard(req) } : {}),
      handler: async (req, reply) => {
        guard(req);
        const input = { ...(req.query as object), ...bodyInput(op, req), ...(req.params as object) };
        const result = await (opts.api[name] as (i: unknown) => Promise<unknown>)(input);
        reply.code(op.status ?? 200);
        return op.fileResponse ? sendFile(reply, result as FileResult) : result;
      },
    });
  }
  opts.extend?.(app, guard);
  return app;
}
