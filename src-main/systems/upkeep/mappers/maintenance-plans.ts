// GET /api/v2/pm [?]: {id, title, asset, location, priority, isPaused, schedules[{repeatFrequency,
// repeatInterval days|weeks|months|years, nextDueDate}], createdAt, updatedAt}. UpKeep schedules
// PMs by the calendar; meter-based triggers are a separate feature the API does not show here.
import type { IntervalUnit, MaintenancePlan, Mapped, PlanInterval } from '../../../contract/unified.js';
import { FieldReader, isObject } from '../../kit/fields.js';
import { lookup, withShared } from '../../kit/mapping.js';
import { code, common, open, refId } from './common.js';

export const REPEAT_INTERVALS: Readonly<Record<string, IntervalUnit>> = { days: 'days', weeks: 'weeks', months: 'months', years: 'years' };

export function mapMaintenancePlan(raw: unknown): { record: Mapped<MaintenancePlan>; warnings: string[] } {
  const { r, key } = open('maintenance-plans', raw);
  const warnings: string[] = [];
  const schedules = r.value('schedules');
  if (schedules !== undefined && schedules !== null && !Array.isArray(schedules)) throw new Error(`${r.what}: field "schedules" must be a list`);
  const first = Array.isArray(schedules) ? schedules.find(isObject) : undefined;
  let interval: PlanInterval | null = null;
  let next: string | null = null;
  if (first) {
    const s = new FieldReader(first, `${r.what} schedule`);
    const every = s.optNum('repeatFrequency');
    const unit = lookup<IntervalUnit | 'unknown'>(REPEAT_INTERVALS, s.value('repeatInterval'), code('maintenance-plans', 'repeatInterval', 'interval', 'unknown', (c) => c.toLowerCase()), warnings);
    if (every !== null && every > 0 && unit !== 'unknown') interval = { every, unit };
    next = s.optTime('nextDueDate');
  }
  const paused = r.value('isPaused');
  const record: Mapped<MaintenancePlan> = withShared(common(r, key), {
    name: r.str('title'),
    asset_id: refId(r, 'asset'),
    location_id: refId(r, 'location'),
    interval,
    next_due_at: next,
    active: paused !== true,
  });
  return { record, warnings };
}
