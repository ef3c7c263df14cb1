// What both HTTP listeners share: request ids, and turning every failure
// (ours, fastify's, a bug) into the contract's JSON error shape.
import type { FastifyInstance } from 'fastify';
import crypto from 'node:crypto';
import { MillwrightError, toErrorBody } from '../contract/errors.js';

export const requestId = () => `req_${crypto.randomBytes(9).toString('base64url')}`;

const fastifyCodes: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_request', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_request', 'The body is empty; send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request', 'The Content-Length does not match the body.'],
};

export function installErrorHandling(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });
  app.setErrorHandler((err, req, reply) => {
    let error: unknown = err;
    const code = (err as { code?: string }).code;
    if (!(err instanceof MillwrightError)) {
      if (code && fastifyCodes[code]) {
        const [c, m] = fastifyCodes[code];
        error = new MillwrightError(c, m);
      } else if (code === 'FST_ERR_VALIDATION' || (err as { validation?: unknown }).validation) {
        error = new MillwrightError('invalid_request', (err as Error).message);
      } else if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) {
        error = new MillwrightError('invalid_request', (err as Error).message, { status: (err as { statusCode: number }).statusCode });
      } else {
        req.log.error({ err }, 'unexpected error');
      }
    }
    const { status, body } = toErrorBody(error, req.id);
    if (error instanceof MillwrightError && error.code === 'rate_limited' && typeof error.details.retry_after === 'number') {
      reply.header('retry-after', String(error.details.retry_after));
    }
    reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const { status, body } = toErrorBody(new MillwrightError('not_found', `No route ${req.method} ${req.url.split('?')[0]}.`), req.id);
    reply.code(status).send(body);
  });
}
