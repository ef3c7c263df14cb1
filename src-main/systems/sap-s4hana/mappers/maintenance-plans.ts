// API_MAINTENANCEPLAN/MaintenancePlan (OData v2) with to_StrategyCycle and to_Item/to_MaintPlanCallObjects;
// see raw.ts. The interval is the first cycle; the next due date the earliest call still waiting.
import type { IntervalUnit, MaintenancePlan, Mapped, PlanInterval } from '../../../contract/unified.js';
import { lookup } from '../../kit/mapping.js';
import { CYCLE_UNITS } from '../../sap-customizing.js';
import { code, date, extensionFields, isObj, need, rawData, stamps, str } from './common.js';


const results = (v: unknown): Record<string, unknown>[] => (isObj(v) && Array.isArray(v.results) ? v.results.filter(isObj) : []);

/** [?] an inactive plan carries INAC in its system status (IDEL: deleted). */
const inactive = (status: string | null) => /\b(INAC|IDEL)\b/.test(status ?? '');

export function mapMaintenancePlan(raw: unknown): { record: Mapped<MaintenancePlan>; warnings: string[] } {
  const { r, key } = need(raw, 'MaintenancePlan', 'maintenance plan');
  const warnings: string[] = [];
  const cycle = results(r.to_StrategyCycle)[0];
  let interval: PlanInterval | null = null;
  if (cycle) {
    const every = Number(cycle.MaintPlanCycRcrrcIntervalQty);
    const unit = str(cycle, 'MaintPlanCycRcrrcIntervalUnit');
    const point = str(cycle, 'MeasuringPoint');
    if (Number.isFinite(every) && every > 0 && unit) {
      if (point) interval = { every, meter_id: point, unit };
      else {
        const u = lookup<IntervalUnit | 'unknown'>(CYCLE_UNITS, unit, code('maintenance plan', 'MaintPlanCycRcrrcIntervalUnit', 'interval', 'unknown' as const), warnings);
        if (u !== 'unknown') interval = { every, unit: u };
      }
    }
  }
  const items = results(r.to_Item);
  const item = items[0];
  const waiting = items.flatMap((i) => results(i.to_MaintPlanCallObjects)).filter((c) => c.MaintCallHorizonIsNotReached === true);
  const next = waiting.map((c) => date(c, 'PlannedStartDate')).filter((d): d is string => d !== null).sort()[0] ?? null;
  const active = !inactive(str(r, 'MaintenancePlanSystemStatus'));
  return {
    record: {
      remote_id: key,
      ...stamps(r, ['CreationDate']),
      name: str(r, 'MaintenancePlanDesc') ?? `Maintenance plan ${key}`,
      asset_id: item ? str(item, 'Equipment') : null,
      location_id: item ? str(item, 'MaintenancePlanningPlant') : null,
      interval,
      next_due_at: active ? next : null,
      active,
      custom_fields: { ...extensionFields(r), ...(str(r, 'MaintenanceStrategy') ? { MaintenanceStrategy: r.MaintenanceStrategy } : {}) },
      remote_data: rawData(r),
    },
    warnings,
  };
}
