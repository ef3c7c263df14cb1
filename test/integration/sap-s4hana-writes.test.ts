// Writes to S/4HANA through the agent: purchase-order deep insert and
// maintenance-order changes (PATCH with ETags, status function imports), CSRF
// token handling, and SAP's validation messages as 422s with contract codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startSapS4hanaEmulator, type SapEmulator } from '../emulators/sap-s4hana/index.js';
import { configFor, connectAndSync, openSapAgent, type SapAgent } from '../emulators/sap-s4hana/agent.js';
import { createApiServer } from '../../src-main/api/server.js';
import type { Connector } from '../../src-main/systems/kit/connector.js';
import type { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { SapClient } from '../../src-main/systems/sap-s4hana/client.js';

let emu: SapEmulator;
let s: SapAgent;
let con: { id: string; token: string };
let app: FastifyInstance;
let connector: Connector;

beforeAll(async () => {
  emu = await startSapS4hanaEmulator({ seed: 11, size: { workOrders: 200, purchaseOrders: 20, assets: 40, vendors: 20, products: 30 } });
  s = await openSapAgent({ pageSize: 100 });
  const r = await connectAndSync(s, emu);
  expect(r.run.status).toBe('completed');
  con = { id: r.id, token: r.token };
  app = createApiServer(s.agent);
  await app.ready();
  connector = await s.agent.connections.connector(con.id);
});
afterAll(async () => {
  await app.close();
  await s.agent.close();
  await emu.close();
});

const api = (method: 'POST' | 'PATCH', url: string, payload: unknown) =>
  app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${con.token}` } });
const orderWith = (prefix: string) => [...emu.data.workOrders()].find((w) => String(w.SystemStatusText).startsWith(prefix) && !String(w.SystemStatusText).includes('LKD'))!;
const unifiedId = (entity: 'vendors' | 'inventory-items' | 'work-orders', remote: string) => String(s.agent.records.get(con.id, entity, remote)!.id);

describe('purchase orders', () => {
  it('POST /v1/purchase-orders creates the order in SAP by deep insert and returns it as SAP has it', async () => {
    const stock = emu.data.stock[0];
    const itemKey = `${String(stock.Plant)}/${String(stock.StorageLocation)}/${String(stock.Material)}`;
    const before = emu.data.purchaseOrders.length;
    const res = await api('POST', '/v1/purchase-orders', {
      vendor_id: unifiedId('vendors', '10300001'), currency: 'EUR',
      lines: [{ item_id: unifiedId('inventory-items', itemKey), quantity: 4, unit_price: '12.345', description: 'Seal kit' }, { item_id: unifiedId('inventory-items', itemKey), quantity: 1, unit_price: 7 }],
      custom_fields: { ZZ1_ProjectCode_PDH: 'PRJ-777' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(emu.data.purchaseOrders).toHaveLength(before + 1);
    const created = emu.data.purchaseOrders.at(-1)!;
    expect(created).toMatchObject({ Supplier: '10300001', CompanyCode: '1010', PurchasingOrganization: '1010', ZZ1_ProjectCode_PDH: 'PRJ-777' });
    expect(body).toMatchObject({
      number: created.PurchaseOrder, remote_id: created.PurchaseOrder, status: 'approved', currency: 'EUR', total_amount: '56.38',
      vendor_id: unifiedId('vendors', '10300001'), custom_fields: { ZZ1_ProjectCode_PDH: 'PRJ-777' },
    });
    expect(body.lines).toMatchObject([
      { line_number: 10, quantity: 4, unit_price: '12.345', amount: '49.38', description: 'Seal kit', item_id: unifiedId('inventory-items', itemKey) },
      { line_number: 20, quantity: 1, unit_price: '7.00', amount: '7.00' },
    ]);
  });

  it('an unknown supplier comes back as 422 invalid_vendor with the SAP message', async () => {
    const stock = emu.data.stock[0];
    const res = await api('POST', '/v1/purchase-orders', {
      vendor_id: '99999999', currency: 'EUR', lines: [{ item_id: `${String(stock.Plant)}/${String(stock.StorageLocation)}/${String(stock.Material)}`, quantity: 1, unit_price: '1.00' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'invalid_vendor', message: 'Supplier 99999999 does not exist' });
  });

  it.each([
    ['a supplier blocked for purchasing', { vendor: 'blocked', item: '1010/0001/SP100000' }, 'invalid_vendor', /blocked for purchasing/],
    ['a material not maintained in the plant', { vendor: '10300001', item: '1090/0001/SP100000' }, 'invalid_item', /not maintained in plant 1090/],
    ['a material that does not exist', { vendor: '10300001', item: '1010/0001/NOPE' }, 'invalid_item', /Material NOPE does not exist/],
    ['an item key that is not plant/storage location/material', { vendor: '10300001', item: 'garbage' }, 'invalid_item', /not an S\/4HANA inventory item/],
  ])('%s → ConnectorError validation %s', async (_what, { vendor, item }, code, message) => {
    const supplier = vendor === 'blocked' ? String(emu.data.suppliers.find((x) => x.PurchasingIsBlocked)!.Supplier) : vendor;
    const err = await connector.createPurchaseOrder({ vendor_id: supplier, currency: 'EUR', lines: [{ item_id: item, quantity: 2, unit_price: '3.00' }] }).catch((e: ConnectorError) => e);
    expect(err).toMatchObject({ name: 'ConnectorError', kind: 'validation', extra: { code } });
    expect((err as Error).message).toMatch(message);
  });

  it('fetches a CSRF token once, and again once when SAP rejects it', async () => {
    let fetches = 0;
    emu.hooks.beforeRequest = (method, url) => { if (method === 'GET' && url.pathname.endsWith('_SRV/')) fetches++; };
    const input = { vendor_id: '10300002', currency: 'EUR', lines: [{ item_id: '1010/0001/SP100000', quantity: 1, unit_price: '2.00' }] };
    try {
      const c = await s.agent.connections.connector(con.id);
      await c.createPurchaseOrder(input);
      await c.createPurchaseOrder(input);
      expect(fetches).toBe(1);
      emu.commands.expireCsrf({});
      const third = await c.createPurchaseOrder(input);
      expect(fetches).toBe(2);
      expect((third.record as Record<string, unknown>).status).toBe('approved');
    } finally {
      emu.hooks.beforeRequest = undefined;
    }
  });
});

describe('maintenance orders', () => {
  it('PATCH /v1/work-orders/{id} changes priority, assignee, due date, text and releases the order in SAP', async () => {
    const order = orderWith('CRTD');
    const key = String(order.MaintenanceOrder);
    const due = '2026-04-01T12:00:00.000Z';
    const res = await api('PATCH', `/v1/work-orders/${unifiedId('work-orders', key)}`, { priority: 'urgent', assignee: '50000099', due_date: due, description: 'Replace seal now', status: 'approved' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ remote_id: key, priority: 'urgent', assignee: '50000099', due_date: due, title: 'Replace seal now', description: 'Replace seal now', status: 'approved' });
    expect(order).toMatchObject({ MaintPriority: '1', MaintOrdPersonResponsible: '50000099', MaintOrdBasicEndDateTime: Date.parse(due), MaintenanceOrderDesc: 'Replace seal now' });
    expect(String(order.SystemStatusText)).toMatch(/^REL\b/);
  });

  it('walks the status through lock, unlock, technical completion and closing (function imports)', async () => {
    const key = String(orderWith('REL').MaintenanceOrder);
    const steps: [string, string][] = [['on_hold', 'LKD'], ['approved', 'REL'], ['completed', 'TECO'], ['closed', 'CLSD']];
    for (const [status, code] of steps) {
      const r = await connector.updateWorkOrder(key, { status: status as never });
      expect((r.record as Record<string, unknown>).status).toBe(status);
      expect(String(emu.data.workOrderAt(emu.data.workOrderIndex(key)!).SystemStatusText)).toContain(code);
    }
    // a closed order refuses changes: SAP's BS/013 comes back as a validation error
    const err = await connector.updateWorkOrder(key, { priority: 'low' }).catch((e: ConnectorError) => e);
    expect(err).toMatchObject({ kind: 'validation', extra: { code: 'invalid_status_transition' } });
    expect((err as Error).message).toBe(`System status CLSD is active (ORD ${key})`);
  });

  it('closing an order that is not technically completed is refused by SAP', async () => {
    const key = String(orderWith('REL').MaintenanceOrder);
    const err = await connector.updateWorkOrder(key, { status: 'closed' }).catch((e: ConnectorError) => e);
    expect(err).toMatchObject({ kind: 'validation', extra: { code: 'invalid_status_transition' } });
    expect((err as Error).message).toMatch(/System status REL is active/);
  });

  it('a status without an S/4 action is refused before anything is sent', async () => {
    const requests = emu.stats.requests;
    const err = await connector.updateWorkOrder(String(orderWith('REL').MaintenanceOrder), { status: 'scheduled' }).catch((e: ConnectorError) => e);
    expect(err).toMatchObject({ kind: 'validation', extra: { code: 'unsupported_status', field: 'status' } });
    expect(emu.stats.requests).toBe(requests);
  });

  it('on 412 (changed meanwhile) reads the ETag again once and succeeds', async () => {
    const key = String(orderWith('REL').MaintenanceOrder);
    let patches = 0;
    emu.hooks.beforeRequest = (method) => {
      if (method === 'PATCH' && ++patches === 1) emu.patch('work-orders', key, { UserStatusText: 'CHGD' }); // someone else saves first
    };
    try {
      const r = await connector.updateWorkOrder(key, { priority: 'high' });
      expect((r.record as Record<string, unknown>).priority).toBe('high');
      expect(patches).toBe(2);
    } finally {
      emu.hooks.beforeRequest = undefined;
    }
  });

  it('the emulator demands If-Match (428) and a current ETag (412)', async () => {
    const key = String(orderWith('REL').MaintenanceOrder);
    const client = new SapClient(configFor(emu));
    const missing = await client.modify('PATCH', 'API_MAINTENANCEORDER', `MaintenanceOrder('${key}')`, {}, { MaintPriority: '2' });
    expect(missing.status).toBe(428);
    const stale = await client.modify('PATCH', 'API_MAINTENANCEORDER', `MaintenanceOrder('${key}')`, {}, { MaintPriority: '2' }, { 'if-match': `W/"datetimeoffset'2020-01-01T00%3A00%3A00.0000000Z'"` });
    expect(stale.status).toBe(412);
  });

  it('an invalid priority and an unknown order come back as errors the API can show', async () => {
    const key = String(orderWith('REL').MaintenanceOrder);
    const long = await connector.updateWorkOrder(key, { description: 'x'.repeat(41) }).catch((e: ConnectorError) => e);
    expect(long).toMatchObject({ kind: 'validation', extra: { code: 'value_too_long', field: 'description' } });
    const missing = await connector.updateWorkOrder('9999999', { priority: 'low' }).catch((e: ConnectorError) => e);
    expect(missing).toMatchObject({ kind: 'not_found' });
  });
});
