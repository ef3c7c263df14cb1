import type { IntervalUnit, MaintenancePlan, Mapped, PlanInterval } from '../../../contract/unified.js';
import { FieldReader } from '../../kit/fields.js';
import { lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const CALENDAR_UNITS: Readonly<Record<string, IntervalUnit>> = { DAY: 'days', WEEK: 'weeks', MONTH: 'months', YEAR: 'years' };

const FIELDS = ['planId', 'title', 'assetId', 'locationId', 'schedule', 'nextDue', 'enabled', 'createdAt', 'lastModified'] as const;

/** A calendar or meter schedule; the meter's unit is not on the plan (null). An unknown calendar unit leaves the interval unknown. */
function interval(r: FieldReader, warnings: string[]): PlanInterval | null {
  const raw = r.optObj('schedule');
  if (!raw) return null;
  const s = new FieldReader(raw, `${r.what} schedule`);
  const every = s.num('every');
  if (!(every > 0)) throw new Error(`${r.what}: schedule "every" must be positive, got ${every}`);
  if (s.value('kind') === 'METER') return { every, meter_id: s.str('meterId'), unit: null };
  const unit = lookup<IntervalUnit | 'unknown'>(CALENDAR_UNITS, s.value('unit'), code('maintenance-plans', 'schedule.unit', 'interval', 'unknown'), warnings);
  return unit === 'unknown' ? null : { every, unit };
}

export function mapMaintenancePlan(raw: unknown): { record: Mapped<MaintenancePlan>; warnings: string[] } {
  const { r, key } = open('maintenance-plans', raw);
  const warnings: string[] = [];
  const enabled = r.value('enabled');
  if (typeof enabled !== 'boolean') throw new Error(`${r.what}: field "enabled" must be true or false, got ${JSON.stringify(enabled)}`);
  const record: Mapped<MaintenancePlan> = withShared(common(r, key), {
    name: r.str('title'),
    asset_id: r.optStr('assetId'),
    location_id: r.optStr('locationId'),
    interval: interval(r, warnings),
    next_due_at: r.optTime('nextDue'),
    active: enabled,
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}
