import { describe, expect, it } from 'vitest';
import { changedFields, recordEventData } from '../../src-main/webhooks/record-events.js';

const wo = { id: 'wo_1', remote_id: '4711', created_at: 'a', updated_at: 'b', remote_updated_at: 'r1', number: '4711', title: 'Pump', status: 'approved', assignee: null, custom_fields: {}, deleted_at: null };

describe('record events', () => {
  it('changed_fields of an update are the unified fields whose value differs, never Millwright bookkeeping', () => {
    const next = { ...wo, updated_at: 'c', status: 'in_progress', assignee: 'j.ortiz', custom_fields: { ZZ_COST: '100' } };
    expect(changedFields(next, wo)).toEqual(['assignee', 'custom_fields', 'status']);
  });

  it('a new record lists the fields that have a value; a deletion lists deleted_at', () => {
    expect(changedFields(wo, null)).toEqual(['number', 'remote_updated_at', 'status', 'title']);
    expect(changedFields({ ...wo, deleted_at: 'd' }, wo)).toEqual(['deleted_at']);
  });

  it('the event data carries the record without the system\'s raw record', () => {
    const data = recordEventData('work-orders', { ...wo, remote_data: { AUFNR: '4711' } }, null);
    expect(data).toEqual({ entity: 'work-orders', record: wo, changed_fields: ['number', 'remote_updated_at', 'status', 'title'] });
  });
});
