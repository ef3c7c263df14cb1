// Failed-authentication limits of the unified API must never lock out a valid
// token: requests without a credential are not counted, failures are budgeted
// per presented token and per address apart, and a well-formed token is looked
// up before any block applies (every local client shares 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { startTestHost } from '../support/agent-host.js';
import { expectContractError, rawRequest } from '../support/http.js';
import { createApiServer } from '../../src-main/api/server.js';
import { generateToken } from '../../src-main/connections/tokens.js';

const LIMIT = 5;
let t: Awaited<ReturnType<typeof startTestHost>>;
let valid: string;
let revoked: string;
let server: FastifyInstance;
let base: string;

const get = (headers: Record<string, string> = {}) => rawRequest(base, { path: '/v1/connection', headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await startTestHost();
  const a = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Limits A' });
  valid = a.body.token;
  const b = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Limits B' });
  revoked = b.body.token;
  await t.admin('POST', `/admin/v1/connections/${b.body.connection.id}/token/rotate`);
});

/** A fresh listener per case: its limiter starts empty. */
async function freshServer() {
  server = createApiServer(t.host.agent, { failedAuthLimit: LIMIT });
  await server.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}
afterAll(async () => { await server?.close(); });

describe('failed-authentication limits', () => {
  it('requests without a credential are refused but not counted: a valid token still works after 100 of them', async () => {
    await freshServer();
    for (let i = 0; i < 100; i++) expectContractError(await get(), 401, 'invalid_token', `no credential #${i}`);
    expectContractError(await get({ authorization: '' }), 401, 'invalid_token');
    expect((await get(bearer(valid))).status).toBe(200);
    await server.close();
  });

  it('unknown tokens from this address are blocked with 429 and Retry-After; a valid token is never refused', async () => {
    await freshServer();
    for (let i = 0; i < LIMIT; i++) expectContractError(await get(bearer(generateToken())), 401, 'invalid_token');
    const blocked = await get(bearer(generateToken()));
    expectContractError(blocked, 429, 'rate_limited');
    const retry = Number(blocked.headers['retry-after']);
    expect(Number.isInteger(retry) && retry > 0 && retry <= 60, `Retry-After: ${blocked.headers['retry-after']}`).toBe(true);
    expect((await get(bearer(valid))).status).toBe(200);
    expect((await rawRequest(base, { path: '/v1/vendors?limit=1', headers: bearer(valid) })).status).toBe(200);
    // a request with no credential says what is missing, not that the address is blocked
    expectContractError(await get(), 401, 'invalid_token');
    await server.close();
  });

  it('malformed credentials count against the address; a valid token still works', async () => {
    await freshServer();
    for (let i = 0; i < LIMIT; i++) expectContractError(await get({ authorization: `Bearer not-a-token-${i}` }), 401, 'invalid_token');
    expectContractError(await get({ authorization: 'Basic dXNlcjpwYXNz' }), 429, 'rate_limited');
    expect((await get(bearer(valid))).status).toBe(200);
    await server.close();
  });

  it('a revoked token retried in a loop is blocked by its own budget, before the address budget runs out', async () => {
    server = createApiServer(t.host.agent, { failedAuthLimit: LIMIT, failedAuthLimitPerAddress: LIMIT * 4 });
    await server.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    for (let i = 0; i < LIMIT; i++) expectContractError(await get(bearer(revoked)), 401, 'invalid_token');
    expectContractError(await get(bearer(revoked)), 429, 'rate_limited');
    // another unknown token from the same address still gets its honest 401: the address has budget left
    expectContractError(await get(bearer(generateToken())), 401, 'invalid_token');
    expect((await get(bearer(valid))).status).toBe(200);
    await server.close();
  });
});
