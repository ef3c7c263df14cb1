// Every answer of both listeners is in the contract's error shape with a
// request_id — also what the HTTP layer raises itself: a malformed URL, an
// overlong path or header block, a request that is not HTTP, fastify's own
// errors, unknown routes, wrong methods and wrong content types.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { expectContractError, rawRequest, rawSocket } from '../support/http.js';
import { createApiServer } from '../../src-main/api/server.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let token: string;
beforeAll(async () => {
  t = await startTestHost();
  token = (await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Errors' })).body.token;
});

const listeners = () => [
  { name: 'unified API', base: t.host.apiUrl, list: '/v1/purchase-orders', post: '/v1/sync', auth: `Bearer ${token}` },
  { name: 'admin API', base: t.host.adminUrl, list: '/admin/v1/connections', post: '/admin/v1/connections', auth: `Bearer ${t.host.adminToken}` },
];

describe.each(['unified API', 'admin API'])('%s: errors of the HTTP layer', (name) => {
  const l = () => listeners().find((x) => x.name === name)!;
  const get = (path: string, headers: Record<string, string> = {}) => rawRequest(l().base, { path, headers: { authorization: l().auth, ...headers } });
  const socket = (text: string) => rawSocket(l().base, text);

  it('a malformed percent-encoding in the path: 400', async () => {
    expectContractError(await get(`${l().list}/%`), 400, 'invalid_request');
    expectContractError(await get(`${l().list}/%E0%A4%A`), 400, 'invalid_request');
  });

  it('an overlong path segment or path: 414', async () => {
    expectContractError(await get(`${l().list}/${'a'.repeat(600)}`), 414, 'uri_too_long');
    expectContractError(await get(`${l().list}/${'a'.repeat(10_000)}`), 414, 'uri_too_long');
    expectContractError(await get(`${l().list}?cursor=${'a'.repeat(10_000)}`), 414, 'uri_too_long');
    expectContractError(await socket(`GET ${l().list}/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), 414, 'uri_too_long');
  });

  it('oversized headers: 431', async () => {
    expectContractError(await socket(`GET ${l().list} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`), 431, 'headers_too_large');
  });

  it('bytes that are not HTTP, a doubled Content-Length, a bad chunk: 400', async () => {
    expectContractError(await socket('GARBAGE\r\n\r\n'), 400, 'invalid_request');
    expectContractError(await socket(`POST ${l().post} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`), 400, 'invalid_request');
    expectContractError(await socket(`POST ${l().post} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`), 400, 'invalid_request');
  });

  it('an unknown route: 404; a known path with another method: 405 with Allow', async () => {
    expectContractError(await get('/nope'), 404, 'not_found');
    expectContractError(await get(`${l().list}/x/y/z`), 404, 'not_found');
    const r = await rawRequest(l().base, { method: 'PUT', path: l().list, headers: { authorization: l().auth } });
    expectContractError(r, 405, 'method_not_allowed');
    expect(String(r.headers.allow)).toMatch(/\bGET\b/);
    expectContractError(await rawRequest(l().base, { method: 'OPTIONS', path: l().list }), 405, 'method_not_allowed');
  });

  it('a body that is not JSON: 415; malformed JSON: 400', async () => {
    const post = (headers: Record<string, string>, body: string) => rawRequest(l().base, { method: 'POST', path: l().post, headers: { authorization: l().auth, ...headers }, body });
    expectContractError(await post({ 'content-type': 'text/plain' }, 'full'), 415, 'unsupported_media_type');
    expectContractError(await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'full=true'), 415, 'unsupported_media_type');
    expectContractError(await post({ 'content-type': 'multipart/form-data; boundary=x' }, '--x--'), 415, 'unsupported_media_type');
    expectContractError(await post({ 'content-type': 'application/json; charset=utf-16' }, '{}'), 415, 'unsupported_media_type');
    expectContractError(await post({ 'content-type': 'application/json' }, '{"full":'), 400, 'invalid_request');
    expectContractError(await post({ 'content-type': 'application/json' }, '{"__proto__":{"x":1}}'), 400, 'invalid_request');
  });
});

describe('a listener that is shutting down', () => {
  it('answers 503 in the error shape', async () => {
    const app = createApiServer(t.host.agent);
    await app.ready();
    const closing = app.close();
    const r = await app.inject({ method: 'GET', url: '/v1/connection', headers: { authorization: `Bearer ${token}` } });
    await closing;
    expect(r.statusCode).toBe(503);
    expect(r.json().error).toMatchObject({ code: 'shutting_down', request_id: expect.stringMatching(/^req_/) });
  });
});
