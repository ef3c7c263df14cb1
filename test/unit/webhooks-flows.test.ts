// Flows: every operator matching and not matching (table-driven), and bad
// definitions refused with the field that is wrong.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp.js';
import { FakeClock, memoryVault, openWebhookStore } from '../integration/fixtures/webhooks-support.js';
import { WebhookService } from '../../src-main/webhooks/service.js';
import { compareDecimal, matchConditions } from '../../src-main/webhooks/flows.js';
import { CreateFlowInput, type FlowCondition } from '../../src-main/contract/webhooks.js';
import { MillwrightError, parseOrFail } from '../../src-main/contract/errors.js';

const po = {
  id: 'po_1', remote_id: '4500000001', number: '4500000001', status: 'approved', vendor_id: 'ven_1', vendor_name: 'Acme Bearings GmbH',
  currency: 'EUR', total_amount: '12840.50', order_date: '2026-02-20T08:00:00Z', expected_delivery_date: null, location_id: null, lines: [],
  created_at: '2026-02-20T08:00:00Z', updated_at: '2026-03-01T00:00:00Z', deleted_at: null, custom_fields: {},
};
const inv = { id: 'inv_1', part_number: 'BRG-6205', description: 'Bearing', quantity_on_hand: 12, quantity_reserved: 2, reorder_point: 20, unit_cost: '5.10', currency: 'EUR', location_id: null, unit: 'EA' };
const previousPo = { ...po, status: 'pending_approval', total_amount: '900.00' };

type Row = [string, 'purchase-orders' | 'inventory-items', FlowCondition, boolean, (Record<string, unknown> | null)?];
const table: Row[] = [
  ['eq string', 'purchase-orders', { field: 'vendor_name', op: 'eq', value: 'Acme Bearings GmbH' }, true],
  ['eq string (no)', 'purchase-orders', { field: 'vendor_name', op: 'eq', value: 'acme' }, false],
  ['eq enum', 'purchase-orders', { field: 'status', op: 'eq', value: 'approved' }, true],
  ['eq decimal numerically', 'purchase-orders', { field: 'total_amount', op: 'eq', value: '12840.5' }, true],
  ['eq decimal vs number', 'purchase-orders', { field: 'total_amount', op: 'eq', value: 12840.5 }, true],
  ['eq null', 'purchase-orders', { field: 'expected_delivery_date', op: 'eq', value: null }, true],
  ['eq date as instant', 'purchase-orders', { field: 'order_date', op: 'eq', value: '2026-02-20T09:00:00+01:00' }, true],
  ['ne enum', 'purchase-orders', { field: 'status', op: 'ne', value: 'cancelled' }, true],
  ['ne enum (no)', 'purchase-orders', { field: 'status', op: 'ne', value: 'approved' }, false],
  ['gt decimal (not string order)', 'purchase-orders', { field: 'total_amount', op: 'gt', value: '9999.99' }, true],
  ['gt decimal (no)', 'purchase-orders', { field: 'total_amount', op: 'gt', value: '12840.50' }, false],
  ['gte decimal equal', 'purchase-orders', { field: 'total_amount', op: 'gte', value: '12840.500' }, true],
  ['lt decimal', 'purchase-orders', { field: 'total_amount', op: 'lt', value: '100000' }, true],
  ['lt decimal (no)', 'purchase-orders', { field: 'total_amount', op: 'lt', value: '12840.49' }, false],
  ['lte decimal', 'purchase-orders', { field: 'total_amount', op: 'lte', value: '12840.50' }, true],
  ['gt date', 'purchase-orders', { field: 'order_date', op: 'gt', value: '2026-02-01T00:00:00Z' }, true],
  ['lt date (no)', 'purchase-orders', { field: 'order_date', op: 'lt', value: '2026-02-01' }, false],
  ['gt on null field', 'purchase-orders', { field: 'expected_delivery_date', op: 'gt', value: '2020-01-01T00:00:00Z' }, false],
  ['lt number', 'inventory-items', { field: 'quantity_on_hand', op: 'lt', value: 20 }, true],
  ['lte number (no)', 'inventory-items', { field: 'quantity_on_hand', op: 'lte', value: 11 }, false],
  ['gte number', 'inventory-items', { field: 'quantity_on_hand', op: 'gte', value: 12 }, true],
  ['gt number (no)', 'inventory-items', { field: 'quantity_on_hand', op: 'gt', value: 12 }, false],
  ['in enum', 'purchase-orders', { field: 'status', op: 'in', value: ['approved', 'completed'] }, true],
  ['in enum (no)', 'purchase-orders', { field: 'status', op: 'in', value: ['draft', 'cancelled'] }, false],
  ['in decimal', 'inventory-items', { field: 'unit_cost', op: 'in', value: ['5.1', '6.00'] }, true],
  ['contains', 'purchase-orders', { field: 'vendor_name', op: 'contains', value: 'Bearings' }, true],
  ['contains case-insensitive', 'purchase-orders', { field: 'vendor_name', op: 'contains', value: 'bearings' }, true],
  ['contains (no)', 'purchase-orders', { field: 'vendor_name', op: 'contains', value: 'Valves' }, false],
  ['contains on null', 'purchase-orders', { field: 'location_id', op: 'contains', value: 'x' }, false],
  ['changed_to', 'purchase-orders', { field: 'status', op: 'changed_to', value: 'approved' }, true, previousPo],
  ['changed_to: already so', 'purchase-orders', { field: 'status', op: 'changed_to', value: 'approved' }, false, po],
  ['changed_to: no previous', 'purchase-orders', { field: 'status', op: 'changed_to', value: 'approved' }, false, null],
  ['changed_to: other value', 'purchase-orders', { field: 'status', op: 'changed_to', value: 'completed' }, false, previousPo],
  ['changed_to decimal', 'purchase-orders', { field: 'total_amount', op: 'changed_to', value: '12840.5' }, true, previousPo],
];

describe('flow conditions', () => {
  for (const [name, entity, cond, expected, previous] of table) {
    it(`${name}: ${cond.field} ${cond.op} ${JSON.stringify(cond.value)} → ${expected}`, () => {
      const record = entity === 'purchase-orders' ? po : inv;
      expect(matchConditions(entity, [cond], record, previous ?? null)).toBe(expected);
    });
  }

  it('needs all conditions to hold', () => {
    const c: FlowCondition[] = [{ field: 'status', op: 'eq', value: 'approved' }, { field: 'total_amount', op: 'gt', value: '10000' }];
    expect(matchConditions('purchase-orders', c, po, null)).toBe(true);
    expect(matchConditions('purchase-orders', c, { ...po, total_amount: '9000' }, null)).toBe(false);
    expect(matchConditions('purchase-orders', [], po, null)).toBe(true);
  });

  it('compares readings as numbers, and characteristic readings (text) by equality only', () => {
    const reading = { id: 'mrd_1', meter_id: 'mtr_1', asset_id: null, value: '9.40', unit: 'mm/s', read_at: '2026-11-02T08:00:00Z', note: null };
    const above: FlowCondition[] = [{ field: 'value', op: 'gt', value: '7.1' }];
    expect(matchConditions('meter-readings', above, reading, null)).toBe(true);
    expect(matchConditions('meter-readings', above, { ...reading, value: '10' }, null)).toBe(true); // not string order: "10" < "7.1"
    expect(matchConditions('meter-readings', above, { ...reading, value: '7.10' }, null)).toBe(false);
    expect(matchConditions('meter-readings', [{ field: 'value', op: 'gte', value: 7.1 }], { ...reading, value: '7.10' }, null)).toBe(true);
    expect(matchConditions('meter-readings', [{ field: 'value', op: 'eq', value: '9.4' }], reading, null)).toBe(true);
    // a check meter's reading is its text: eq/in match it, gt never does
    expect(matchConditions('meter-readings', [{ field: 'value', op: 'eq', value: 'LEAKING' }], { ...reading, value: 'LEAKING' }, null)).toBe(true);
    expect(matchConditions('meter-readings', [{ field: 'value', op: 'in', value: ['WEEPING', 'LEAKING'] }], { ...reading, value: 'LEAKING' }, null)).toBe(true);
    expect(matchConditions('meter-readings', above, { ...reading, value: 'LEAKING' }, null)).toBe(false);
    const sr = { id: 'sr_1', priority: 'urgent', status: 'open', title: 'High vibration on P-101' };
    expect(matchConditions('service-requests', [{ field: 'priority', op: 'eq', value: 'urgent' }], sr, null)).toBe(true);
    expect(matchConditions('service-requests', [{ field: 'priority', op: 'eq', value: 'urgent' }], { ...sr, priority: 'low' }, null)).toBe(false);
  });

  it('compares decimals exactly', () => {
    expect(compareDecimal('10', '9.99')).toBe(1);
    expect(compareDecimal('-1.5', '-1.50')).toBe(0);
    expect(compareDecimal('0.1', 0.1)).toBe(0);
    expect(compareDecimal('12345678901234567890.01', '12345678901234567890.001')).toBe(1);
    expect(compareDecimal('-2', '1')).toBe(-1);
    expect(compareDecimal('0.0000001', 1e-7)).toBe(0);
    expect(compareDecimal('1000000000000000000000', 1e21)).toBe(0);
  });
});

describe('flows in the service', () => {
  const setup = async () => {
    const clock = new FakeClock();
    const db = openWebhookStore(tempDir());
    const service = new WebhookService({
      db, vault: memoryVault(), now: clock.now, policy: () => ({ allowInsecure: false, allowedCidrs: [] }),
      resolve: async () => ['93.184.216.34'], connectionExists: (id) => id === 'con_1' || id === 'con_2',
    });
    const { endpoint } = await service.createEndpoint({ url: 'https://hooks.example.com/flows', event_types: ['sync.completed'] });
    const other = (await service.createEndpoint({ url: 'https://hooks.example.com/other' })).endpoint;
    return { service, endpoint, other, db };
  };

  it('queues flow.triggered with the record to the flow\'s endpoint only', async () => {
    const { service, endpoint, other } = await setup();
    const flow = service.createFlow(CreateFlowInput.parse({
      connection_id: 'con_1', entity: 'purchase-orders', trigger: 'updated', webhook_id: endpoint.id,
      conditions: [{ field: 'status', op: 'changed_to', value: 'approved' }, { field: 'total_amount', op: 'gte', value: '10000' }],
    }));
    expect(flow).toMatchObject({ id: expect.stringMatching(/^flw_/), enabled: true, trigger: 'updated' });
    expect(service.listFlows()).toEqual([flow]);
    expect(service.evaluateFlows('con_1', 'purchase-orders', 'updated', { ...po, remote_data: { EBELN: '4500000001' } }, previousPo)).toBe(1);
    expect(service.evaluateFlows('con_1', 'purchase-orders', 'created', po, null)).toBe(0); // trigger
    expect(service.evaluateFlows('con_2', 'purchase-orders', 'updated', po, previousPo)).toBe(0); // other connection
    expect(service.evaluateFlows('con_1', 'vendors', 'updated', po, previousPo)).toBe(0); // other entity
    expect(service.evaluateFlows('con_1', 'purchase-orders', 'updated', { ...po, total_amount: '10.00' }, previousPo)).toBe(0);
    const [d] = service.listDeliveries({ webhook_id: endpoint.id });
    expect(d.type).toBe('flow.triggered');
    expect(service.listDeliveries({ webhook_id: other.id })).toEqual([]);
    const body = service['deps'].db.prepare('SELECT payload FROM webhook_outbox WHERE id = ?').pluck().get(d.id) as string;
    const event = JSON.parse(body);
    expect(event).toMatchObject({ id: d.event_id, type: 'flow.triggered', connection_id: 'con_1', data: { flow_id: flow.id, entity: 'purchase-orders', change: 'updated', record: { id: 'po_1', status: 'approved' } } });
    expect(event.data.record.remote_data).toBeUndefined();
    service.deleteFlow(flow.id);
    expect(service.listFlows()).toEqual([]);
    expect(() => service.deleteFlow(flow.id)).toThrow(/No flow/);
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['unknown field', { conditions: [{ field: 'colour', op: 'eq', value: 'red' }] }, 'conditions.0.field', /has no field "colour"/],
    ['unknown field (2nd)', { conditions: [{ field: 'status', op: 'eq', value: 'approved' }, { field: 'nope', op: 'eq', value: 1 }] }, 'conditions.1.field', /nope/],
    ['enum value not in the enum', { conditions: [{ field: 'status', op: 'eq', value: 'aproved' }] }, 'conditions.0.value', /one of draft, pending_approval/],
    ['in without an array', { conditions: [{ field: 'status', op: 'in', value: 'approved' }] }, 'conditions.0.value', /non-empty list/],
    ['in with an empty array', { conditions: [{ field: 'status', op: 'in', value: [] }] }, 'conditions.0.value', /non-empty list/],
    ['in with a bad member', { conditions: [{ field: 'status', op: 'in', value: ['approved', 'nah'] }] }, 'conditions.0.value.1', /nah/],
    ['gt on a text field', { conditions: [{ field: 'vendor_name', op: 'gt', value: 'A' }] }, 'conditions.0.op', /number, money or date field/],
    ['gt on an enum', { conditions: [{ field: 'status', op: 'gt', value: 'draft' }] }, 'conditions.0.op', /number, money or date/],
    ['gt with a non-decimal', { conditions: [{ field: 'total_amount', op: 'gt', value: 'lots' }] }, 'conditions.0.value', /decimal string/],
    ['lt with a non-date', { conditions: [{ field: 'order_date', op: 'lt', value: 'yesterday' }] }, 'conditions.0.value', /ISO-8601/],
    ['lt with null', { conditions: [{ field: 'order_date', op: 'lt', value: null }] }, 'conditions.0.value', /one value/],
    ['eq with a list', { conditions: [{ field: 'status', op: 'eq', value: ['approved'] }] }, 'conditions.0.value', /use "in"/],
    ['eq with a wrong type', { entity: 'inventory-items', conditions: [{ field: 'quantity_on_hand', op: 'eq', value: '12' }] }, 'conditions.0.value', /is a number/],
    ['eq null on a non-nullable field', { conditions: [{ field: 'number', op: 'eq', value: null }] }, 'conditions.0.value', /never null/],
    ['contains on a number field', { entity: 'inventory-items', conditions: [{ field: 'quantity_on_hand', op: 'contains', value: '1' }] }, 'conditions.0.op', /text or list field/],
    ['contains with a non-string', { conditions: [{ field: 'vendor_name', op: 'contains', value: 5 }] }, 'conditions.0.value', /non-empty string/],
    ['contains on a list of objects', { conditions: [{ field: 'lines', op: 'contains', value: 'x' }] }, 'conditions.0.field', /list of objects/],
    ['an object field', { conditions: [{ field: 'custom_fields', op: 'eq', value: 'x' }] }, 'conditions.0.field', /object/],
    ['changed_to on trigger created', { trigger: 'created', conditions: [{ field: 'status', op: 'changed_to', value: 'approved' }] }, 'conditions.0.op', /previous record/],
    ['unknown operator', { conditions: [{ field: 'status', op: 'matches', value: '.*' }] }, 'conditions.0.op', /./],
    ['code as a value is just a string', { conditions: [{ field: 'status', op: 'eq', value: 'process.exit(1)' }] }, 'conditions.0.value', /one of/],
    ['unknown entity', { entity: 'invoices' }, 'entity', /./],
    ['unknown trigger', { trigger: 'deleted' }, 'trigger', /./],
    ['unknown connection', { connection_id: 'con_9' }, 'connection_id', /no connection/],
    ['unknown webhook', { webhook_id: 'whk_nope' }, 'webhook_id', /no webhook/],
    ['extra key', { code: 'return true' }, '', /code/],
    ['gt on a reading with a word', { entity: 'meter-readings', conditions: [{ field: 'value', op: 'gt', value: 'high' }] }, 'conditions.0.value', /compares readings as numbers/],
    ['a service-request priority not in the enum', { entity: 'service-requests', conditions: [{ field: 'priority', op: 'eq', value: 'asap' }] }, 'conditions.0.value', /priority is one of .*urgent/],
  ];
  for (const [name, patch, field, message] of bad) {
    it(`refuses a flow with ${name}`, async () => {
      const { service, endpoint } = await setup();
      const input = { connection_id: 'con_1', entity: 'purchase-orders', trigger: 'any', webhook_id: endpoint.id, conditions: [], ...patch };
      let err: unknown;
      // What the admin edge does: parse with the operation's schema, then call the service.
      try { service.createFlow(parseOrFail(CreateFlowInput, input)); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(MillwrightError);
      const e = err as MillwrightError;
      expect(e.code).toBe('invalid_request');
      if (field) expect(e.details.field).toBe(field);
      expect(e.message).toMatch(message);
      expect(service.listFlows()).toEqual([]);
    });
  }
});
