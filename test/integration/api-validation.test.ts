// Input validation at the unified API's edge: money per the contract (a
// non-negative decimal string, at most 15 integer digits and 6 decimals), dates
// compared as instants and refused out of range, decimal-only integers, and a
// JSON null where a body object belongs.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/agent-host.js';
import { expectContractError, rawRequest } from '../support/http.js';

let t: Awaited<ReturnType<typeof startTestHost>>;
let id: string;
let token: string;
let good: { vendor_id: string; currency: string; lines: { item_id: string; quantity: number; unit_price: string | number }[] };

const call = (method: string, path: string, body?: string) => rawRequest(t.host.apiUrl, {
  method, path, body,
  headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
});
const postPo = (unit_price: unknown) => call('POST', '/v1/purchase-orders', JSON.stringify({ ...good, lines: [{ ...good.lines[0], unit_price }] }));

beforeAll(async () => {
  t = await startTestHost();
  const r = await t.admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Validation' });
  ({ token } = r.body);
  id = r.body.connection.id;
  await t.host.agent.sync.whenDone(id);
  const vendors = (await call('GET', '/v1/vendors?status=active&limit=1')).json.data;
  const items = (await call('GET', '/v1/inventory-items?limit=50')).json.data.filter((i: { quantity_on_hand: number }) => i.quantity_on_hand > 10);
  good = { vendor_id: vendors[0].id, currency: 'USD', lines: [{ item_id: items[0].id, quantity: 1, unit_price: '12.50' }] };
});

describe('money', () => {
  it('a valid price is taken (the sandbox simulates the write)', async () => {
    expect((await postPo('12.50')).status).toBe(201);
    expect((await postPo('999999999999999.999999')).status).toBe(201);
    expect((await postPo(12.5)).status).toBe(201);
  });

  it.each([
    ['"-10.00"', '-10.00'], ['a negative number', -10], ['32 digits', '1'.repeat(32)], ['16 integer digits', '1234567890123456'],
    ['7 decimals', '1.1234567'], ['1e31 as a number', 1e31], ['a float with 17 decimals', 0.1 + 0.2], ['"1e3"', '1e3'],
    ['" 12.50"', ' 12.50'], ['"12."', '12.'], ['".5"', '.5'], ['"+12"', '+12'], ['NaN text', 'NaN'],
  ])('refuses %s with 400 naming lines.0.unit_price', async (_what, price) => {
    expectContractError(await postPo(price), 400, 'invalid_request');
    expect((await postPo(price)).json.error.field).toBe('lines.0.unit_price');
  });
});

describe('dates', () => {
  it('updated_after far in the future (an offset pushing it past year 9999) is refused, not taken as "everything"', async () => {
    for (const q of ['updated_after=9999-12-31T23:59:59-23:59', 'modified_after=9999-12-31T23:59:59-00:01', 'updated_after=0000-01-01T00:00:00%2B00:01']) {
      const r = await call('GET', `/v1/purchase-orders?${q}`);
      expectContractError(r, 400, 'invalid_request', q);
      expect(r.json.error.field).toBe(q.split('=')[0]);
    }
  });

  it('an instant is compared as an instant, whatever its offset', async () => {
    expect((await call('GET', '/v1/purchase-orders?updated_after=9999-12-31T00:00:00Z')).json.data).toEqual([]);
    expect((await call('GET', '/v1/purchase-orders?updated_after=9999-12-31T23:59:59%2B23:59')).json.data).toEqual([]);
    const all = (await call('GET', '/v1/purchase-orders?limit=500')).json.data.length;
    expect((await call('GET', '/v1/purchase-orders?limit=500&updated_after=2000-01-01T00:00:00-12:00')).json.data).toHaveLength(all);
  });
});

describe('integers', () => {
  it.each(['0x10', '1e2', '+5', '%2016', '16.0', '0b11', 'Infinity', '', '16abc'])('limit=%s is refused', async (v) => {
    const r = await call('GET', `/v1/purchase-orders?limit=${v}`);
    expectContractError(r, 400, 'invalid_request', v);
    expect(r.json.error.field).toBe('limit');
  });

  it('the admin records browser and delivery log take decimal limits only as well', async () => {
    expect((await t.admin('GET', '/admin/v1/deliveries?limit=0x10')).body.error.field).toBe('limit');
    const r = await t.admin('GET', `/admin/v1/connections/${id}/records/vendors?limit=0x10`);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('limit');
    expect((await t.admin('GET', `/admin/v1/connections/${id}/records/vendors?limit=16`)).body.data).toHaveLength(16);
  });
});

describe('bodies', () => {
  it.each(['null', '[]', '"full"', 'true', '0'])('POST /v1/sync with the JSON body %s is refused', async (body) => {
    expectContractError(await call('POST', '/v1/sync', body), 400, 'invalid_request', body);
  });

  it('POST /v1/sync without a body, or with {} or {"full":true}, starts a sync', async () => {
    for (const body of [undefined, '{}', '{"full":true}']) {
      const r = await call('POST', '/v1/sync', body);
      expect(r.status, r.text).toBe(202);
      await t.host.agent.sync.whenDone(id);
    }
  });
});
