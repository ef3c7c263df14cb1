// MPLA maintenance plans with their items (MPOS), cycles (MMPT), scheduled calls (MHIS) and
// active JEST statuses; see raw.ts. The interval is the first cycle (with its measuring
// point for a performance-based plan); the next due date the earliest call still waiting.
import type { IntervalUnit, MaintenancePlan, Mapped, PlanInterval } from '../../../contract/unified.js';
import { lookup, type MapResult } from '../../kit/mapping.js';
import { CYCLE_UNITS } from '../../sap-customizing.js';
import type { RawMaintenancePlan } from '../raw.js';
import { alphaIn, alphaOut, code, customFields, dates, need, orNull, sapDate, sapFloat } from './common.js';

/** Plan statuses: I0320 INAC (inactive) stops scheduling; I0076 DLFL (deletion flag) reports the plan deleted [K]. */
export const PLAN_INACTIVE = 'I0320';
export const PLAN_DELETED = 'I0076';

export function mapMaintenancePlan(raw: unknown): MapResult {
  const p = raw as RawMaintenancePlan;
  const warpl = need(p.MPLA, 'WARPL', 'maintenance plan');
  if (p.SYSTEM_STATUS.includes(PLAN_DELETED)) return { deleted: warpl };
  const what = `maintenance plan ${alphaOut(warpl)}`;
  const warnings: string[] = [];
  const cycle = [...p.MMPT].sort((a, b) => (a.NUMMER ?? '').localeCompare(b.NUMMER ?? ''))[0];
  let interval: PlanInterval | null = null;
  if (cycle) {
    const every = Number(sapFloat(cycle.ZYKL1, `${what} cycle ZYKL1`));
    const unit = (cycle.ZEIEH ?? '').trim();
    if (every > 0 && unit) {
      if (orNull(cycle.POINT)) interval = { every, meter_id: alphaIn(cycle.POINT, 12), unit };
      else {
        const u = lookup<IntervalUnit | 'unknown'>(CYCLE_UNITS, unit, code('SAP maintenance cycle unit in ZEIEH', 'interval', 'unknown' as const), warnings);
        if (u !== 'unknown') interval = { every, unit: u };
      }
    }
  }
  const active = !p.SYSTEM_STATUS.includes(PLAN_INACTIVE);
  const waiting = p.MHIS.filter((c) => sapDate(c.HORDA, what) === null).map((c) => sapDate(c.NPLDA, what)).filter((d): d is string => d !== null).sort();
  const item = [...p.MPOS].sort((a, b) => (a.WAPOS ?? '').localeCompare(b.WAPOS ?? ''))[0];
  const record: Mapped<MaintenancePlan> = {
    remote_id: warpl,
    ...dates(sapDate(p.MPLA.ERSDT, what), sapDate(p.MPLA.AEDAT, what)),
    name: orNull(p.MPLA.WPTXT) ?? `Maintenance plan ${alphaOut(warpl)}`,
    asset_id: item && orNull(item.EQUNR) ? alphaIn(item.EQUNR, 18) : null,
    location_id: item ? orNull(item.IWERK) : null,
    interval,
    next_due_at: active ? waiting[0] ?? null : null,
    active,
    custom_fields: {
      ...customFields(p.MPLA),
      ...(orNull(p.MPLA.STRAT) ? { strategy: p.MPLA.STRAT.trim() } : {}),
      ...(item && orNull(item.TPLNR) ? { functional_location: item.TPLNR.trim() } : {}),
      system_status: p.SYSTEM_STATUS.join(' '),
    },
    remote_data: { ...p },
  };
  return { record, warnings };
}
