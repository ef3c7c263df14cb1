// POST /v1/passthrough against the emulator of every system (and the sandbox),
// through the real agent host: a read passes by default; a write is refused
// while the guard is read_only and goes through with read_write; off refuses
// everything; paths outside the system's API in any spelling are 400; the
// caller's credentials and cookies are dropped; bodies over 1 MiB are 413; the
// system's own error statuses come back as data; an unreachable system is 503;
// every call is in the audit log without secrets. Then the load governor: the
// emulator never sees more requests in flight than max_concurrent_requests,
// whoever sends them (a sync, health checks, passthrough, writes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { startLab, type Lab, type LabSystemId } from '../emulators/lab.js';
import { emulatorCommand, labConnectInput, LAB_SYSTEMS, unifiedApi } from '../support/lab-connections.js';
import { tempDir } from '../support/tmp.js';
import type { AuditEntry } from '../../src-main/contract/audit.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ http: true, ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir() });
  t = await startTestHost();
  t.host.agent.health.stop(); // health checks are sent by the governor test itself
  await t.admin('PATCH', '/admin/v1/settings', { 'credits.pool': 32 });
});
afterAll(async () => { await lab?.close(); });

type Req = { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown; body_base64?: string };
type Api = ReturnType<typeof unifiedApi>;
const through = (api: Api, r: Req) => api('POST', '/v1/passthrough', r);

const soap = (fm: string, inner: string) => `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:sap-com:document:sap:rfc:functions"><soapenv:Body><urn:${fm}>${inner}</urn:${fm}></soapenv:Body></soapenv:Envelope>`;
const xml = { 'content-type': 'text/xml; charset=utf-8' };
const WRITTEN = 'Set through passthrough';

/** Per system: a read, a write (found with a read first) and how to see it landed, and a request the system answers with an error. */
const systems: Record<LabSystemId, {
  read: Req; readRows(body: unknown): number;
  write(api: Api): Promise<{ req: Req; landed(): Promise<boolean> }>;
  apiRoot: string; missing: Req;
}> = {
  'sap-s4hana': {
    read: { method: 'GET', path: '/sap/opu/odata/sap/API_PLANT_SRV/A_Plant', query: { $top: '2', $format: 'json' } },
    readRows: (b) => (b as { d: { results: unknown[] } }).d.results.length,
    async write(api) {
      const list = await through(api, { method: 'GET', path: '/sap/opu/odata/sap/API_MAINTENANCEORDER/MaintenanceOrder', query: { $top: '50', $format: 'json' } });
      const order = (list.body.body.d.results as { MaintenanceOrder: string; SystemStatusText: string }[]).find((o) => !/CLSD|DLFL/.test(o.SystemStatusText))!;
      const path = `/sap/opu/odata/sap/API_MAINTENANCEORDER/MaintenanceOrder('${order.MaintenanceOrder}')`;
      return {
        req: { method: 'PATCH', path, headers: { 'if-match': '*' }, body: { MaintenanceOrderDesc: WRITTEN } },
        landed: async () => (await through(api, { method: 'GET', path, query: { $format: 'json' } })).body.body.d.MaintenanceOrderDesc === WRITTEN,
      };
    },
    apiRoot: '/sap/opu/odata/sap/',
    missing: { method: 'GET', path: '/sap/opu/odata/sap/API_NOT_ACTIVATED_SRV/Things', query: { $format: 'json' } },
  },
  'sap-ecc': {
    read: { method: 'POST', path: '/sap/bc/soap/rfc', headers: xml, body: soap('RFC_READ_TABLE', '<QUERY_TABLE>T001W</QUERY_TABLE><DELIMITER>|</DELIMITER><ROWCOUNT>2</ROWCOUNT><FIELDS><item><FIELDNAME>WERKS</FIELDNAME></item></FIELDS>') },
    readRows: (b) => (String(b).match(/<WA>/g) ?? []).length,
    async write() {
      return { req: { method: 'POST', path: '/sap/bc/soap/rfc', headers: xml, body: soap('BAPI_TRANSACTION_COMMIT', '<WAIT>X</WAIT>') }, landed: async () => true };
    },
    apiRoot: '/sap/bc/soap/rfc',
    missing: { method: 'POST', path: '/sap/bc/soap/rfc', headers: xml, body: soap('RFC_READ_TABLE', '<QUERY_TABLE>ZZ_NO_SUCH_TABLE</QUERY_TABLE><ROWCOUNT>1</ROWCOUNT>') },
  },
  'ibm-maximo': {
    read: { method: 'GET', path: '/maximo/api/os/mxapiasset', query: { lean: '1', 'oslc.pageSize': '2' } },
    readRows: (b) => (b as { member: unknown[] }).member.length,
    async write(api) {
      const list = await through(api, { method: 'GET', path: '/maximo/api/os/mxapiwodetail', query: { lean: '1', 'oslc.pageSize': '1', 'oslc.select': 'wonum,description' } });
      const path = new URL((list.body.body.member as { href: string }[])[0].href).pathname;
      return {
        req: { method: 'POST', path, headers: { 'x-method-override': 'PATCH', patchtype: 'MERGE' }, body: { description: WRITTEN } },
        landed: async () => (await through(api, { method: 'GET', path, query: { lean: '1' } })).body.body.description === WRITTEN,
      };
    },
    apiRoot: '/maximo/api/os/',
    missing: { method: 'GET', path: '/maximo/api/os/mxnosuchstructure', query: { lean: '1' } },
  },
  upkeep: {
    read: { method: 'GET', path: '/api/v2/assets', query: { limit: '2' } },
    readRows: (b) => (b as { results: unknown[] }).results.length,
    async write(api) {
      const list = await through(api, { method: 'GET', path: '/api/v2/work-orders', query: { limit: '1' } });
      const path = `/api/v2/work-orders/${(list.body.body.results as { id: string }[])[0].id}`;
      return {
        req: { method: 'PATCH', path, body: { description: WRITTEN } },
        landed: async () => (await through(api, { method: 'GET', path })).body.body.result.description === WRITTEN,
      };
    },
    apiRoot: '/api/v2/',
    missing: { method: 'GET', path: '/api/v2/work-orders/no-such-order' },
  },
};

const CANARY = 'canary-passthrough-query-value-9d9d';
const BODY_CANARY = 'canary-passthrough-body-4e4e';

describe.each(LAB_SYSTEMS)('passthrough to %s', (system) => {
  const s = systems[system];
  let id: string;
  let api: Api;
  beforeAll(async () => {
    const c = await t.admin('POST', '/admin/v1/connections', labConnectInput(lab, system));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    id = c.body.connection.id;
    api = unifiedApi(t.host.apiUrl, c.body.token);
    await t.host.agent.sync.whenDone(id);
    expect(c.body.connection.options.passthrough).toBe('read_only');
  });

  it('a read passes by default, as the connector sends it; the caller\'s credentials and cookies are dropped', async () => {
    const r = await through(api, { ...s.read, headers: { ...s.read.headers, Authorization: 'Basic d3Jvbmc6d3Jvbmc=', Cookie: 'SAP_SESSIONID_X=stolen', apikey: 'wrong', 'session-token': 'wrong' } });
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    expect(r.body.status).toBe(200);
    expect(s.readRows(r.body.body)).toBe(2);
    expect(r.body.headers).not.toHaveProperty('set-cookie');
    expect(r.body.headers).not.toHaveProperty('x-csrf-token');
  });

  it('a write is refused while the guard is read_only, and goes through with read_write', async () => {
    const { req, landed } = await s.write(api);
    const refused = await through(api, req);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('passthrough_forbidden');
    expect((await t.admin('PATCH', `/admin/v1/connections/${id}`, { passthrough: 'read_write' })).status).toBe(200);
    const done = await through(api, req);
    expect(done.status, JSON.stringify(done.body).slice(0, 500)).toBe(200);
    expect(done.body.status, JSON.stringify(done.body).slice(0, 500)).toBeGreaterThanOrEqual(200);
    expect(done.body.status).toBeLessThan(300);
    expect(await landed()).toBe(true);
  });

  it('the system\'s own error statuses come back as data', async () => {
    const r = await through(api, s.missing);
    expect(r.status).toBe(200);
    expect(r.body.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses paths outside the system\'s API in any spelling (400), bodies over 1 MiB (413); off refuses everything', async () => {
    for (const path of [`${s.apiRoot}/../../../etc/passwd`, `${s.apiRoot}/%2e%2e/%2e%2e/admin`, `${s.apiRoot}/..%2f..%2fadmin`, 'http://127.0.0.1:1/x', `//evil.example${s.apiRoot}`, '/not/the/api']) {
      const r = await through(api, { method: 'GET', path });
      expect(r.status, path).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_request', field: 'path' });
    }
    const big = await through(api, { method: 'POST', path: s.read.path, body_base64: Buffer.alloc(1024 * 1024 + 1, 0x41).toString('base64') });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    await t.admin('PATCH', `/admin/v1/connections/${id}`, { passthrough: 'off' });
    const off = await through(api, s.read);
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe('passthrough_forbidden');
    await t.admin('PATCH', `/admin/v1/connections/${id}`, { passthrough: 'read_only' });
  });

  it('every call is in the audit log with the system\'s method and path; query values and bodies are not', async () => {
    await through(api, { ...s.read, query: { ...s.read.query, secret_param: CANARY }, ...(s.read.method === 'POST' ? { body: `${String(s.read.body)}<!-- ${BODY_CANARY} -->` } : {}) });
    const entries = (await t.admin('GET', `/admin/v1/audit?connection_id=${id}&kind=passthrough&limit=500`)).body.data as AuditEntry[];
    expect(entries.length).toBeGreaterThanOrEqual(12);
    const last = entries[0];
    expect(last).toMatchObject({ actor: id, kind: 'passthrough', method: s.read.method, path: s.read.path, status: 200 });
    expect(last.detail).toContain('secret_param');
    expect(entries.some((e) => e.status === 403)).toBe(true);
    expect(entries.some((e) => e.status === 400 && e.path.includes('..'))).toBe(true);
    const dump = JSON.stringify(t.host.agent.db.prepare('SELECT * FROM audit_log').all());
    for (const secret of [CANARY, BODY_CANARY, lab.systems[system].secret, WRITTEN]) expect(dump).not.toContain(secret);
  });
});

describe('passthrough to an S/4HANA OData v4 service', () => {
  it('reads measuring points, and with read_write records a measurement document with the CSRF token of its own service root', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', labConnectInput(lab, 'sap-s4hana'));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const api = unifiedApi(t.host.apiUrl, c.body.token);
    await t.host.agent.sync.whenDone(c.body.connection.id);
    const root = '/sap/opu/odata4/sap/api_measuringpoint/srvd_a2x/sap/measuringpoint/0001';
    const points = await through(api, { method: 'GET', path: `${root}/MeasuringPoint`, query: { $top: '50' } });
    expect(points.status, JSON.stringify(points.body).slice(0, 500)).toBe(200);
    const point = (points.body.body.value as { MeasuringPoint: string; ValuationCodeIsSufficient: boolean; MeasuringPointIsCounter: boolean }[])
      .find((p) => !p.ValuationCodeIsSufficient && !p.MeasuringPointIsCounter)!;
    const at = new Date(Date.now() - 60_000).toISOString();
    const docs = '/sap/opu/odata4/sap/api_measurementdocument/srvd_a2x/sap/measurementdocument/0001/MeasurementDocument';
    const req: Req = { method: 'POST', path: docs, body: { MeasuringPoint: point.MeasuringPoint, MsmtRdngDate: at.slice(0, 10), MsmtRdngTime: at.slice(11, 19), MeasurementReadingInEntryUoM: 1.5 } };
    expect((await through(api, req)).status).toBe(403);
    await t.admin('PATCH', `/admin/v1/connections/${c.body.connection.id}`, { passthrough: 'read_write' });
    const done = await through(api, req);
    expect(done.status, JSON.stringify(done.body).slice(0, 500)).toBe(200);
    expect(done.body.status, JSON.stringify(done.body.body).slice(0, 500)).toBe(201);
    expect(done.body.body.MeasuringPoint).toBe(point.MeasuringPoint);
    await t.admin('DELETE', `/admin/v1/connections/${c.body.connection.id}`); // its credits go back for the governor tests
  });
});

describe('passthrough elsewhere', () => {
  it('the sandbox has no system API behind it: 403 passthrough_forbidden', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Sandbox' });
    const r = await through(unifiedApi(t.host.apiUrl, c.body.token), { method: 'GET', path: '/api/v2/assets' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('passthrough_forbidden');
  });

  it('an unreachable system is 503 system_unavailable in Millwright\'s error shape; bad envelopes are 400 naming the field', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { ...labConnectInput(lab, 'upkeep'), name: 'UpKeep down' });
    await t.host.agent.sync.whenDone(c.body.connection.id);
    const api = unifiedApi(t.host.apiUrl, c.body.token);
    for (const [body, field] of [[{ method: 'TRACE', path: '/api/v2/assets' }, 'method'], [{ method: 'GET' }, 'path'], [{ method: 'GET', path: '/api/v2/assets', headers: { 'x-a': 'a\r\nb' } }, 'headers.x-a'], [{ method: 'GET', path: '/api/v2/assets', extra: 1 }, 'extra']] as const) {
      const r = await through(api, body as never);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    await lab.systems.upkeep.server.down();
    try {
      const r = await through(api, { method: 'GET', path: '/api/v2/assets' });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({ code: 'system_unavailable', request_id: expect.stringMatching(/^req_/) });
    } finally {
      await lab.systems.upkeep.server.up();
    }
  });
});

describe.each(LAB_SYSTEMS)('the load governor on %s', (system) => {
  it('the emulator never sees more requests in flight than max_concurrent_requests: sync, health checks, passthrough and writes together', async () => {
    const c = await t.admin('POST', '/admin/v1/connections', { ...labConnectInput(lab, system), name: `${system} governed` });
    const id = c.body.connection.id as string;
    const api = unifiedApi(t.host.apiUrl, c.body.token);
    await t.host.agent.sync.whenDone(id);
    const emu = lab.systems[system];
    const wo = (await api('GET', '/v1/work-orders?limit=1')).body.data[0] as { id: string };
    const burst = async (n: number) => {
      await emulatorCommand(emu, 'resetInFlight');
      t.host.agent.sync.start(id, { full: true });
      await Promise.all([
        ...Array.from({ length: n }, () => through(api, systems[system].read)),
        t.host.agent.health.check(id),
        api('PATCH', `/v1/work-orders/${wo.id}`, { priority: 'high' }),
      ]);
      t.host.agent.sync.stop(id);
      await t.host.agent.sync.whenDone(id);
      return (await emulatorCommand(emu, 'inFlight')) as { max: number; current: number };
    };
    await emulatorCommand(emu, 'faults', { slowMs: 60 });
    try {
      const two = await burst(6);
      expect(two.max, 'default cap 2').toBe(2);
      await t.admin('PATCH', `/admin/v1/connections/${id}`, { max_concurrent_requests: 3 });
      const three = await burst(8);
      expect(three.max, 'cap 3').toBe(3);
      await t.admin('PATCH', `/admin/v1/connections/${id}`, { max_concurrent_requests: 1 });
      const one = await burst(4);
      expect(one.max, 'cap 1').toBe(1);
    } finally {
      await emulatorCommand(emu, 'faults', { slowMs: 0 });
      await t.admin('DELETE', `/admin/v1/connections/${id}`);
    }
  }, 60_000);
});
