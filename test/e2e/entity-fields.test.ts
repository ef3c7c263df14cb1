// The renderer keeps the unified entities' fields and the flow and delivery
// enums as plain data (no zod in its bundle; the event types it imports from
// src-main/contract/webhook-events.ts). This compares them with the contract, so
// they cannot drift: a field added to src-main/contract/unified.ts fails here
// until the renderer's map (src-renderer/src/lib/entity-fields.ts) has it.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { entities, entityNames } from '../../src-main/contract/unified.js';
import { entityFields } from '../../src-main/webhooks/flows.js';
import { DeliveryStatus, FLOW_OPERATORS, FlowTrigger, WEBHOOK_EVENT_TYPES } from '../../src-main/contract/webhooks.js';
import { ENTITY_FIELDS, ENTITY_LABELS, ENTITY_NAMES, TITLE_FIELDS } from '../../src-renderer/src/lib/entity-fields.js';
import * as ui from '../../src-renderer/src/lib/webhooks.js';

describe('renderer field map = the contract', () => {
  it('has the same entities', () => {
    expect([...ENTITY_NAMES].sort()).toEqual([...entityNames].sort());
    expect(Object.keys(ENTITY_LABELS).sort()).toEqual([...entityNames].sort());
  });

  it.each(entityNames)('%s: same field names, kinds, nullability and enum values', (entity) => {
    const shape = (entities[entity] as unknown as z.ZodObject).shape;
    expect(Object.keys(ENTITY_FIELDS[entity])).toEqual(Object.keys(shape));
    expect(ENTITY_FIELDS[entity]).toEqual(entityFields(entity));
    for (const f of [...TITLE_FIELDS[entity].title, ...TITLE_FIELDS[entity].subtitle]) expect(Object.keys(shape)).toContain(f);
  });

  it('describes every webhook event type; has the same operators, triggers and delivery statuses', () => {
    expect(Object.keys(ui.EVENT_TYPE_HELP).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect([...ui.FLOW_OPERATORS]).toEqual([...FLOW_OPERATORS]);
    expect(Object.keys(ui.OPERATOR_LABELS).sort()).toEqual([...FLOW_OPERATORS].sort());
    expect([...ui.FLOW_TRIGGERS]).toEqual(FlowTrigger.options);
    expect([...ui.DELIVERY_STATUSES]).toEqual(DeliveryStatus.options);
  });

  it('turns typed values into the JSON the contract wants', () => {
    const f = ENTITY_FIELDS;
    expect(ui.parseConditionValue(f['inventory-items'].quantity_on_hand, 'gt', '12')).toBe(12);
    expect(ui.parseConditionValue(f['purchase-orders'].total_amount, 'gt', '10000.00')).toBe('10000.00');
    expect(ui.parseConditionValue(f['purchase-orders'].status, 'in', ['approved', 'completed'])).toEqual(['approved', 'completed']);
    expect(ui.parseConditionValue(f['work-orders'].assignee, 'eq', '')).toBeNull();
    expect(ui.operatorsFor(f['purchase-orders'].status)).not.toContain('gt');
    expect(ui.operatorsFor(f['purchase-orders'].total_amount)).toContain('gte');
    expect(ui.operatorsFor(f['purchase-orders'].number)).toContain('contains');
    // a reading is compared as a number where it is one, and stays the text the user typed
    expect(ui.parseConditionValue(f['meter-readings'].value, 'gt', '7.1')).toBe('7.1');
    expect(ui.parseConditionValue(f['meter-readings'].value, 'eq', 'LEAK')).toBe('LEAK');
    expect(ui.operatorsFor(f['meter-readings'].value)).toEqual(expect.arrayContaining(['eq', 'gt', 'lte', 'in']));
    expect(ui.parseConditionValue(f['service-requests'].priority, 'eq', 'urgent')).toBe('urgent');
  });
});
