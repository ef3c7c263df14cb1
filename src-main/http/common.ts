// What both HTTP listeners share: request ids, limits, and turning every
// answer that is not a success — ours, fastify's, Node's HTTP parser's, a bug —
// into the contract's JSON error shape with a request_id.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import http from 'node:http';
import type { Socket } from 'node:net';
import { MillwrightError, toErrorBody } from '../contract/errors.js';
import type { Log } from '../log.js';
import { newId } from '../ids.js';

export const requestId = () => newId('req');

/** The longest request target (path and query) either listener reads. */
export const MAX_URL_LENGTH = 8 * 1024;
/** The longest single path parameter; ids are at most 200 characters. */
const MAX_PARAM_LENGTH = 500;

const fastifyCodes: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_request', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_request', 'The body is empty; send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request', 'The Content-Length does not match the body.'],
  FST_ERR_BAD_URL: ['invalid_request', 'The path is not a valid URL (a malformed percent-encoding?).'],
  FST_ERR_MAX_PARAM_LENGTH: ['uri_too_long', `A path segment is longer than ${MAX_PARAM_LENGTH} characters.`],
};

/** The contract code of an error status fastify raised without a code we know. */
const codeByStatus: Record<number, string> = {
  404: 'not_found', 405: 'method_not_allowed', 408: 'request_timeout', 413: 'payload_too_large',
  414: 'uri_too_long', 415: 'unsupported_media_type', 431: 'headers_too_large',
};

/** Any error as a MillwrightError the contract knows (unknown ones stay as they are: internal_error). */
function toContractError(err: unknown): unknown {
  if (err instanceof MillwrightError) return err;
  const code = (err as { code?: string }).code;
  if (code && fastifyCodes[code]) return new MillwrightError(...fastifyCodes[code]);
  const { statusCode, message } = err as { statusCode?: number; message?: string };
  if ((err as { validation?: unknown }).validation) return new MillwrightError('invalid_request', String(message));
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // a prototype-poisoning JSON body and the like: fastify's message, never a stack
    return new MillwrightError(codeByStatus[statusCode] ?? 'invalid_request', String(message ?? http.STATUS_CODES[statusCode]), { status: statusCode });
  }
  return err;
}

function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const error = toContractError(err);
  if (!(error instanceof MillwrightError)) req.log.error({ err, request_id: req.id }, 'unexpected error');
  const { status, body } = toErrorBody(error, req.id);
  if (error instanceof MillwrightError && typeof error.details.retry_after === 'number') reply.header('retry-after', String(error.details.retry_after));
  if (error instanceof MillwrightError && typeof error.details.allow === 'string') reply.header('allow', error.details.allow);
  reply.header('x-request-id', req.id).code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * What Node's HTTP parser refuses never reaches fastify (bytes that are not
 * HTTP, a header block over 16 KiB, a request that takes too long): answer it
 * here, in the same shape, and close the connection.
 */
function clientError(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const requestLine = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.indexOf('\r\n') : -1;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request_timeout', 'The request did not arrive in time.']
    : err.code === 'HPE_HEADER_OVERFLOW' && (requestLine === -1 || requestLine > MAX_URL_LENGTH) ? [414, 'uri_too_long', `The request target is longer than ${MAX_URL_LENGTH} characters.`]
    : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers_too_large', 'The request headers are too large.']
    : [400, 'invalid_request', 'The request is not valid HTTP/1.1.'];
  const id = requestId();
  const body = JSON.stringify({ error: { code, message, request_id: id } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** A route pattern (`/v1/assets/:id`, `/assets/*`) as a test for a concrete path. */
function patternTest(url: string): RegExp {
  const segments = url.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s === '*' ? '.*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}

/** The host names that mean this machine's loopback; `localhost` per RFC 6761. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a Host header names this listener on loopback: exactly RFC 3986
 * `host [":" port]` with host one of the loopback names and the port, when
 * given, the listener's own. `127.0.0.1:7871@evil.example`, `127.1` or a
 * trailing dot are other hosts, not spellings of this one.
 */
export function isLoopbackHost(host: string | undefined, listenerPort: number): boolean {
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/.exec(host ?? '');
  if (!m || !LOOPBACK_NAMES.has(m[1].toLowerCase())) return false;
  return !m[2] || Number(m[2]) === listenerPort;
}

/** A socket's local address on loopback (127.0.0.0/8, ::1, or 127.x mapped into IPv6). */
const isLoopbackAddress = (a: string | undefined) => a !== undefined && /^(127\.|::1$|::ffff:127\.)/i.test(a);

export interface ListenerOptions {
  log: Log;
  listener: 'api' | 'admin';
  bodyLimit: number;
  /**
   * DNS rebinding: a page on evil.example that resolves to 127.0.0.1 reaches a
   * loopback listener with `Host: evil.example`. While the listener is bound to
   * loopback it answers only to the loopback names (and origin-form targets).
   */
  loopbackHostsOnly?: boolean;
}

/** A fastify instance with the limits and error handling both listeners share. */
export function createListener(opts: ListenerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.log.child({ listener: opts.listener }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit,
    genReqId: requestId,
    // One logger for all requests, not a child per request: logs that concern a request name its request_id.
    childLoggerFactory: (logger) => logger,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // answered below in the contract's shape instead of fastify's own
    return503OnClosing: false,
    frameworkErrors: (err, req, reply) => sendError(err, req as FastifyRequest, reply as FastifyReply),
    clientErrorHandler: clientError,
  });
  // JSON only: fastify would otherwise take text/plain bodies as strings
  app.removeContentTypeParser('text/plain');

  const routes: { test: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const known = routes.find((r) => r.test.source === patternTest(route.url).source);
    if (known) known.methods.push(...methods);
    else routes.push({ test: patternTest(route.url), methods });
  });

  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  /** Why a request is refused before routing, or null. */
  const refusal = (req: FastifyRequest): MillwrightError | null => {
    if (closing) return new MillwrightError('shutting_down', 'The agent is shutting down; retry in a moment.');
    if (opts.loopbackHostsOnly && isLoopbackAddress(req.socket.localAddress)) {
      if (!req.raw.url?.startsWith('/')) return new MillwrightError('invalid_request', 'Send the request target as a path (/v1/…), not as an absolute URL.');
      if (!isLoopbackHost(req.headers.host, req.socket.localPort ?? -1)) {
        return new MillwrightError('forbidden_host', `This listener is on loopback and answers only to Host 127.0.0.1, localhost or [::1] with port ${req.socket.localPort}.`);
      }
    }
    if (req.url.length > MAX_URL_LENGTH) return new MillwrightError('uri_too_long', `The request target is longer than ${MAX_URL_LENGTH} characters.`);
    // fastify's JSON parser reads any charset as UTF-8; say so instead of misreading the body
    const type = req.headers['content-type'];
    if (type !== undefined && /^application\/json\b/i.test(type) && !JSON_TYPE.test(type)) {
      return new MillwrightError('unsupported_media_type', 'Send the body as application/json (UTF-8).');
    }
    return null;
  };
  // A callback hook, not an async one: it runs on every request, and a promise per request costs.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done(refusal(req) ?? undefined);
  });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const allow = [...new Set(routes.filter((r) => r.test.test(path)).flatMap((r) => r.methods))];
    const error = allow.length
      ? new MillwrightError('method_not_allowed', `${req.method} is not allowed on ${path}; use ${allow.join(', ')}.`, { details: { allow: allow.join(', ') } })
      : new MillwrightError('not_found', `No route ${req.method} ${path}.`);
    sendError(error, req, reply);
  });
  return app;
}
