// DNS rebinding and request smuggling through the Host header: both listeners,
// while they listen on loopback, answer only to Host 127.0.0.1, localhost or
// [::1] with their own port (or none), parsed exactly as RFC 3986 host[:port],
// and take request targets in origin form (/path) only.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { expectContractError, rawSocket } from '../support/http.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let token: string;
beforeAll(async () => {
  t = await startTestHost();
  token = (await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Hosts' })).body.token;
});

const listeners = () => [
  { name: 'admin API', base: t.host.adminUrl, path: '/admin/v1/connections', auth: `Bearer ${t.host.adminToken}` },
  { name: 'unified API', base: t.host.apiUrl, path: '/v1/connection', auth: `Bearer ${token}` },
];

describe.each(['admin API', 'unified API'])('%s on loopback', (name) => {
  const l = () => listeners().find((x) => x.name === name)!;
  const port = () => new URL(l().base).port;
  /** One request with exactly this request line target and Host header (or none). */
  const send = (host: string | null, target = l().path, version = '1.1') =>
    rawSocket(l().base, `GET ${target} HTTP/${version}\r\n${host === null ? '' : `Host: ${host}\r\n`}Authorization: ${l().auth}\r\nConnection: close\r\n\r\n`);

  it('accepts the loopback names with its own port, or none', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, 'localhost', '127.0.0.1', `LOCALHOST:${port()}`, '[::1]']) {
      const r = await send(host);
      expect(r.status, `${host}: ${r.text.slice(0, 200)}`).toBe(200);
    }
  });

  it('refuses every other Host with 421 forbidden_host', async () => {
    const p = port();
    for (const host of [
      `127.0.0.1:${p}@evil.example`, `evil.example`, `evil.example:${p}`, `127.0.0.1.nip.io:${p}`, `localhost.evil.example`,
      `127.0.0.1:${p}:${p}`, `127.0.0.1:${Number(p) + 1}`, `127.0.0.1:${p}/x`, `127.0.0.1:${p}#`, `127.0.0.1:-1`, `127.0.0.1:${p}a`,
      `127.1:${p}`, `0x7f.0.0.1:${p}`, `2130706433:${p}`, `127.0.0.2:${p}`, `127.0.0.1.:${p}`, `localhost.:${p}`,
      `[::ffff:127.0.0.1]:${p}`, `[::1`, `::1:${p}`, `user@127.0.0.1:${p}`, `127.0.0.1%2e:${p}`, '',
    ]) {
      expectContractError(await send(host), 421, 'forbidden_host', `Host: ${host}`);
    }
  });

  it('refuses a request without a Host header', async () => {
    const r = await send(null, l().path, '1.0');
    expectContractError(r, 421, 'forbidden_host');
  });

  it('refuses absolute-form and asterisk request targets with 400', async () => {
    const p = port();
    for (const target of [`http://evil.example${l().path}`, `http://127.0.0.1:${p}${l().path}`, '*']) {
      expectContractError(await send(`127.0.0.1:${p}`, target), 400, 'invalid_request', target);
    }
  });
});
