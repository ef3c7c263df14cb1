// MXAPIPM (PM). Statuses: domain PMSTATUS (ACTIVE · INACTIVE · DRAFT). A time-based PM has
// frequency and frequnit (DAYS · WEEKS · MONTHS · YEARS) and nextdate; a meter-based one a
// pmmeter row (metername, frequency in the meter's units) [K].
import type { IntervalUnit, MaintenancePlan, Mapped, PlanInterval } from '../../../contract/unified.js';
import { FieldReader, isObject } from '../../kit/fields.js';
import { lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, open, ref, type ObjectStructure } from './common.js';
import { meterKey } from './meters.js';

export const MAINTENANCE_PLANS: ObjectStructure = {
  os: 'mxapipm', select: '*,pmmeter{*}', noun: 'preventive maintenance', keys: ['pmnum', 'siteid'],
  standard: new Set([...COMMON_STANDARD, 'pmnum', 'pmuid', 'assetnum', 'location', 'frequency', 'frequnit', 'nextdate', 'laststartdate', 'lastcompdate', 'usetargetdate', 'pmmeter',
    'jpnum', 'worktype', 'leadtime', 'pmcounter', 'route', 'masterpm', 'parent']),
};

export const FREQUENCY_UNITS: Readonly<Record<string, IntervalUnit>> = { DAYS: 'days', WEEKS: 'weeks', MONTHS: 'months', YEARS: 'years' };

export function mapMaintenancePlan(raw: unknown): { record: Mapped<MaintenancePlan>; warnings: string[] } {
  const { r, key } = open(MAINTENANCE_PLANS.noun, MAINTENANCE_PLANS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const assetnum = r.optStr('assetnum');
  const meters = Array.isArray(r.value('pmmeter')) ? (r.value('pmmeter') as unknown[]).filter(isObject) : [];
  let interval: PlanInterval | null = null;
  if (meters.length && assetnum) {
    const m = new FieldReader(meters[0], `${r.what} pmmeter`);
    const every = m.optNum('frequency');
    if (every !== null && every > 0) interval = { every, meter_id: meterKey(assetnum, siteid, m.str('metername')), unit: null };
  } else {
    const every = r.optNum('frequency');
    const unit = lookup<IntervalUnit | 'unknown'>(FREQUENCY_UNITS, r.value('frequnit'), { ...code(MAINTENANCE_PLANS.noun, 'frequnit', 'interval', 'unknown'), blank: 'unknown' }, warnings);
    if (every !== null && every > 0 && unit !== 'unknown') interval = { every, unit };
  }
  return {
    record: withShared(common(MAINTENANCE_PLANS.standard, r, key, null), {
      name: r.optStr('description') ?? r.str('pmnum'),
      asset_id: ref(assetnum, siteid),
      location_id: ref(r.optStr('location'), siteid),
      interval,
      next_due_at: r.optTime('nextdate'),
      active: String(internal(r, 'status') ?? '').toUpperCase() === 'ACTIVE',
    }),
    warnings,
  };
}
