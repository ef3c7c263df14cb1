// Deterministic S/4HANA sample data for the emulator: plants, storage locations,
// suppliers, products + stock, equipment (with past time segments), purchase
// orders with items, and maintenance orders — the latter generated lazily per
// index so 100,000+ orders cost almost nothing until they are read. Dates are
// epoch milliseconds here; the server writes them as /Date(ms)/.
import { Rng } from '../../../src-main/systems/sandbox/prng.js';
import type { Row } from './filter.js';

export const END_OF_TIME = Date.UTC(9999, 11, 31);
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

export interface DatasetSize {
  /** Equipment with measuring points: every n-th (default every 6th). */
  meteredEvery?: number;
  readingsPerPoint?: number;
  notifications?: number;
  plans?: number;
  requisitions?: number;
  workOrders?: number;
  purchaseOrders?: number;
  assets?: number;
  vendors?: number;
  products?: number;
}

const PLANTS: [string, string][] = [['1010', 'Riverside Works'], ['1020', 'Harbour Plant'], ['1030', 'North Mill']];
const SLOCS: [string, string][] = [['0001', 'Main Stores'], ['0002', 'Spare Parts'], ['0003', 'Workshop']];
const VERBS = ['Replace', 'Inspect', 'Repair', 'Lubricate', 'Calibrate', 'Overhaul', 'Check', 'Clean', 'Align', 'Tighten'];
const OBJECTS = ['pump seal', 'gearbox bearing', 'conveyor belt', 'motor coupling', 'valve actuator', 'pressure sensor', 'fan impeller', 'hydraulic hose', 'brake pads', 'filter element'];
const MAKERS = ['Grundfos', 'Siemens', 'ABB', 'KSB', 'SKF', 'Festo', 'Sulzer', 'Atlas Copco'];
const PARTS = ['Mechanical seal', 'Ball bearing 6204', 'V-belt SPA 1250', 'O-ring kit', 'Oil filter', 'Proximity switch', 'Fuse 16A', 'Gear oil 5L', 'Coupling insert', 'Gasket set'];
const WO_STATUSES: [string, number][] = [
  ['CRTD NMAT PRC', 12], ['REL  NMAT PRC SETC', 25], ['REL  MACM PRC SETC', 10], ['PCNF MACM PRC SETC', 10], ['CNF  PRC SETC', 8],
  ['TECO PRC SETC', 20], ['CLSD PRC SETC', 12], ['REL  LKD  PRC', 3],
];

/** Renders system status tokens the way SAP does: 4-character columns. */
export function renderStatus(tokens: string[]): string {
  return tokens.map((t) => t.padEnd(4)).join(' ').trimEnd();
}
export function statusTokens(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

export class SapDataset {
  plants: Row[] = [];
  storageLocations: Row[] = [];
  suppliers: Row[] = [];
  products: Row[] = [];
  stock: Row[] = [];
  equipment: Row[] = [];
  purchaseOrders: Row[] = [];
  /** API_MEASURINGPOINT (v4): MeasuringPoint rows. Edm.Date as "YYYY-MM-DD", Edm.TimeOfDay as "HH:MM:SS", Edm.Double as numbers. */
  measuringPoints: Row[] = [];
  /** API_MEASUREMENTDOCUMENT (v4): MeasurementDocument rows, numbered in the order they were entered. */
  measurementDocuments: Row[] = [];
  /** API_MAINTNOTIFICATION (v2): MaintenanceNotification rows; the status is NotifProcessingPhase [?] 1 outstanding · 2 postponed · 3 in process · 4 completed. */
  notifications: Row[] = [];
  /** API_MAINTENANCEPLAN (v2): MaintenancePlan rows with _cycles (to_StrategyCycle) and _items (to_Item, each with _calls: to_MaintPlanCallObjects). */
  maintenancePlans: Row[] = [];
  /** API_PURCHASEREQ_PROCESS_SRV (v2): A_PurchaseRequisitionHeader rows with _items (to_PurchaseReqnItem). */
  requisitions: Row[] = [];
  private nextDoc = 1;
  private nextNotif = 10000001;
  private readonly woCount: number;
  private readonly woCache: (Row | undefined)[];
  private lastClock = 0;
  private nextPo: number;

  constructor(readonly seed = 1, size: DatasetSize = {}) {
    const n = { workOrders: 1000, purchaseOrders: 100, assets: 300, vendors: 50, products: 200, ...size };
    for (const [Plant, PlantName] of PLANTS) {
      this.plants.push({ Plant, PlantName, ValuationArea: Plant, CompanyCode: '1010', Language: 'EN', PurchasingOrganization: '1010', YY1_SiteManager_PLT: `MGR-${Plant}` });
      for (const [StorageLocation, StorageLocationName] of SLOCS) this.storageLocations.push({ Plant, StorageLocation, StorageLocationName, Language: 'EN' });
    }
    this.genSuppliers(n.vendors);
    this.genProducts(n.products);
    this.genEquipment(n.assets);
    this.genPurchaseOrders(n.purchaseOrders);
    this.woCount = n.workOrders;
    this.woCache = new Array(n.workOrders);
    this.nextPo = 4500000001 + n.purchaseOrders;
    this.genMeasuringPoints(n.meteredEvery ?? 6, n.readingsPerPoint ?? 5);
    this.genNotifications(n.notifications ?? 60);
    this.genPlans(n.plans ?? 30);
    this.genRequisitions(n.requisitions ?? 40);
  }

  /** A change time: now, strictly increasing (so tests can tell changes apart). */
  clock(): number {
    this.lastClock = Math.max(Date.now(), this.lastClock + 1);
    return this.lastClock;
  }

  private genSuppliers(count: number) {
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `sup-${i}`);
      const Supplier = String(10300001 + i);
      this.suppliers.push({
        Supplier, SupplierName: `${r.pick(MAKERS)} ${r.pick(['GmbH', 'AG', 'Ltd', 'Inc', 'S.A.'])} ${i + 1}`, SupplierAccountGroup: 'KRED',
        PostingIsBlocked: false, PurchasingIsBlocked: i % 17 === 5, DeletionIndicator: false,
        CreationDate: START - r.int(30, 900) * DAY, ZZ1_SupplierRating: r.pick(['A', 'B', 'C']),
        _company: [{ Supplier, CompanyCode: '1010' }],
        _purchOrg: [{ Supplier, PurchasingOrganization: '1010', PurchasingGroup: r.pick(['001', '002']), PurchaseOrderCurrency: 'EUR' }],
      });
    }
  }

  private genProducts(count: number) {
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `prd-${i}`);
      const Product = `SP${String(100000 + i)}`;
      const price = `${r.int(1, 900)}.${String(r.int(0, 99)).padStart(2, '0')}`;
      const created = START - r.int(10, 700) * DAY;
      this.products.push({
        Product, ProductType: 'ERSA', BaseUnit: 'PC', ProductGroup: 'L004', CreationDate: created,
        LastChangeDateTime: created + r.int(0, 200) * DAY + r.int(0, 86_399) * 1000, IsMarkedForDeletion: false, YY1_StorageClass_PRD: r.pick(['A', 'B']),
        _descriptions: [{ Product, Language: 'EN', ProductDescription: `${r.pick(PARTS)} ${i + 1}` }],
        _valuations: PLANTS.map(([plant]) => ({ Product, ValuationArea: plant, ValuationType: '', StandardPrice: price, PriceUnitQty: '1', InventoryValuationProcedure: 'S', MovingAveragePrice: price, Currency: 'EUR' })),
      });
      const locs = r.int(1, 2);
      for (let j = 0; j < locs; j++) {
        const Plant = PLANTS[(i + j) % PLANTS.length][0];
        const StorageLocation = SLOCS[(i * 7 + j) % SLOCS.length][0];
        const base = { Material: Product, Plant, StorageLocation, Batch: '', Supplier: '', SDDocument: '', SDDocumentItem: '000000', WBSElementInternalID: '00000000', Customer: '', InventorySpecialStockType: '', MaterialBaseUnit: 'PC' };
        this.stock.push({ ...base, InventoryStockType: '01', MatlWrhsStkQtyInMatlBaseUnit: `${r.int(0, 400)}.000` });
        if (r.chance(0.3)) this.stock.push({ ...base, InventoryStockType: '02', MatlWrhsStkQtyInMatlBaseUnit: `${r.int(1, 20)}.000` });
        if (r.chance(0.1)) this.stock.push({ ...base, InventoryStockType: '07', MatlWrhsStkQtyInMatlBaseUnit: `${r.int(1, 5)}.000` });
      }
    }
  }

  private genEquipment(count: number) {
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `equ-${i}`);
      const Equipment = String(10000000 + i);
      const plant = PLANTS[i % PLANTS.length][0];
      const created = START - r.int(100, 2000) * DAY;
      const installed = r.chance(0.75);
      const row: Row = {
        Equipment, ValidityEndDate: END_OF_TIME, ValidityStartDate: created, EquipmentName: `${r.pick(['Pump', 'Motor', 'Compressor', 'Conveyor', 'Fan', 'Valve'])} ${plant}-${String(i).padStart(4, '0')}`,
        EquipmentCategory: 'M', TechnicalObjectType: r.pick(['PUMP', 'MOTOR', 'COMPR']), MaintenancePlant: plant, MaintenancePlanningPlant: plant,
        FunctionalLocation: `${plant}-SP-${String(i % 40).padStart(3, '0')}`, SuperordinateEquipment: i > 10 && r.chance(0.1) ? String(10000000 + r.int(0, i - 1)) : '',
        SerialNumber: r.chance(0.8) ? r.alnum(10) : '', ManufacturerSerialNumber: r.alnum(8), AssetManufacturerName: r.pick(MAKERS), ManufacturerPartTypeName: `M-${r.int(100, 999)}`,
        CreationDate: created, LastChangeDateTime: START + r.int(0, 500) * DAY + r.int(0, 86_399) * 1000,
        EquipmentIsMarkedForDeletion: false, EquipmentIsInactive: r.chance(0.03), EquipmentIsInstalled: installed, EquipmentIsAvailable: !installed, EquipmentIsInWarehouse: !installed && r.chance(0.3),
        YY1_Criticality_IEQ: r.pick(['A', 'B', 'C']),
      };
      this.equipment.push(row);
      if (i % 10 === 3) {
        // an earlier time segment of the same equipment (before a change of its master data)
        this.equipment.push({ ...row, ValidityEndDate: created + 200 * DAY, EquipmentName: `${row.EquipmentName} (old)`, LastChangeDateTime: created + 200 * DAY });
      }
    }
  }

  private genPurchaseOrders(count: number) {
    const live = this.suppliers.filter((s) => !s.PurchasingIsBlocked);
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `po-${i}`);
      const PurchaseOrder = String(4500000001 + i);
      const created = START + r.int(0, 480) * DAY;
      const proc = r.weighted<[string, boolean]>([[['02', false], 40], [['05', false], 30], [['03', true], 10], [['01', false], 5], [['08', false], 5], [['05', false], 10]]);
      const itemCount = r.int(1, 4);
      const items: Row[] = [];
      for (let j = 0; j < itemCount; j++) {
        const stock = this.stock[r.int(0, this.stock.length - 1)];
        const per = r.chance(0.15) ? '100' : '1';
        const price = `${r.int(1, 500)}.${String(r.int(0, 99)).padStart(2, '0')}`;
        const itemNo = String((j + 1) * 10);
        items.push({
          PurchaseOrder, PurchaseOrderItem: i % 2 ? itemNo.padStart(5, '0') : itemNo, PurchaseOrderItemText: (this.products.find((p) => p.Product === stock.Material)?._descriptions as Row[])?.[0]?.ProductDescription ?? '',
          Material: stock.Material, Plant: stock.Plant, StorageLocation: stock.StorageLocation, OrderQuantity: `${r.int(1, 50)}.000`, PurchaseOrderQuantityUnit: 'PC',
          NetPriceAmount: price, NetPriceQuantity: per, DocumentCurrency: 'EUR', IsCompletelyDelivered: proc[0] !== '01' && r.chance(0.35), IsFinallyInvoiced: false,
          PurchasingDocumentDeletionCode: '',
        });
      }
      this.purchaseOrders.push({
        PurchaseOrder, CompanyCode: '1010', PurchaseOrderType: 'NB', PurchasingDocumentDeletionCode: '', PurchasingProcessingStatus: proc[0],
        CreationDate: created, LastChangeDateTime: created + r.int(0, 30) * DAY + r.int(0, 86_399_999), Supplier: r.pick(live).Supplier,
        PurchasingOrganization: '1010', PurchasingGroup: '001', PurchaseOrderDate: created, DocumentCurrency: 'EUR',
        ReleaseIsNotCompleted: proc[1], PurchasingCompletenessStatus: false, ZZ1_ProjectCode_PDH: r.chance(0.4) ? `PRJ-${r.int(100, 999)}` : '',
        _items: items,
      });
    }
  }

  // ---------------------------------------------------------------- maintenance orders (lazy)

  get workOrderCount(): number { return this.woCount; }

  workOrderAt(i: number): Row {
    const cached = this.woCache[i];
    if (cached) return cached;
    const r = new Rng(this.seed, `wo-${i}`);
    const equipment = this.equipment.length ? this.equipment[(i * 7919) % this.equipment.length] : null;
    const status = r.weighted(WO_STATUSES);
    const tokens = statusTokens(status);
    const changed = START + Math.floor(i / 3) * 60_000; // three orders share each second (short timestamps collide)
    const created = changed - r.int(0, 40) * DAY - r.int(0, 3600) * 1000;
    const start = created + r.int(1, 10) * DAY;
    const end = start + r.int(1, 14) * DAY;
    const done = tokens.some((t) => ['CNF', 'TECO', 'CLSD'].includes(t));
    const plant = (equipment?.MaintenancePlant as string | undefined) ?? PLANTS[i % PLANTS.length][0];
    const row: Row = {
      MaintenanceOrder: String(4000000 + i), MaintenanceOrderType: r.weighted([['PM01', 50], ['PM02', 35], ['PM03', 15]]),
      MaintenanceOrderDesc: `${r.pick(VERBS)} ${r.pick(OBJECTS)}`, MaintOrdBasicStartDateTime: start, MaintOrdBasicEndDateTime: end,
      MaintOrdBasicStartDate: Math.floor(start / DAY) * DAY, MaintOrdBasicEndDate: Math.floor(end / DAY) * DAY,
      MainWorkCompletedDateTime: done ? end : null, MaintOrderReferenceDateTime: done ? end : null,
      MaintenancePlanningPlant: plant, MaintenancePlant: plant, MainWorkCenter: r.pick(['MECH01', 'ELEC01', 'INST01']), MainWorkCenterPlant: plant,
      Equipment: equipment?.Equipment ?? '', EquipmentName: equipment?.EquipmentName ?? '', FunctionalLocation: equipment?.FunctionalLocation ?? '',
      MaintPriority: r.weighted([['1', 10], ['2', 25], ['3', 45], ['4', 15], ['', 5]]), MaintOrdPersonResponsible: r.chance(0.5) ? String(50000010 + r.int(0, 40)) : '',
      SystemStatusText: status, UserStatusText: r.pick(['', 'INIT', 'APPR']), MaintOrdProcessPhaseCode: done ? '04' : '02',
      CompanyCode: '1010', Currency: 'EUR', CreatedByUser: 'PLANNER01', LastChangeByUser: 'PLANNER01',
      MaintOrderCreationDateTime: created, LastChangeDateTime: changed,
      YY1_SafetyPermit_ORD: r.chance(0.2) ? 'X' : '', ZZ_SHIFT: r.pick(['A', 'B', 'C']),
    };
    this.woCache[i] = row;
    return row;
  }

  workOrderIndex(key: string): number | null {
    if (!/^\d+$/.test(key)) return null;
    const i = Number(key) - 4000000;
    return Number.isInteger(i) && i >= 0 && i < this.woCount && String(4000000 + i) === key ? i : null;
  }

  *workOrders(): Generator<Row> {
    for (let i = 0; i < this.woCount; i++) yield this.workOrderAt(i);
  }

  nextPurchaseOrderNumber(): string {
    return String(this.nextPo++);
  }

  nextMeasurementDocument(): string { return String(this.nextDoc++).padStart(20, '0'); }
  nextNotification(): string { return String(this.nextNotif++).padStart(12, '0'); }

  // ---------------------------------------------------------------- plant objects

  /** Measuring points on every n-th current equipment: a vibration gauge and an operating-hours counter; the first also a visual check (valuation code only). */
  private genMeasuringPoints(every: number, perPoint: number) {
    const current = this.equipment.filter((e) => e.ValidityEndDate === END_OF_TIME);
    let point = 1;
    for (let i = 0; i < current.length; i += Math.max(1, every)) {
      const eq = current[i];
      const specs = [
        { desc: 'Bearing vibration', counter: false, unit: 'MMS', code: false, target: 2.8, max: 7.1 },
        { desc: 'Operating hours', counter: true, unit: 'H', code: false, target: null, max: null },
        ...(i === 0 ? [{ desc: 'Seal leak check', counter: false, unit: '', code: true, target: null, max: null }] : []),
      ];
      for (const sp of specs) {
        const MeasuringPoint = String(point++);
        this.measuringPoints.push({
          MeasuringPoint, MeasuringPointDescription: `${String(eq.EquipmentName)} ${sp.desc.toLowerCase()}`, MeasuringPointObjectIdentifier: `IE${String(eq.Equipment).padStart(18, '0')}`,
          TechnicalObjectType: 'EAMS_EQUI', MeasuringPointPositionNumber: sp.desc.toUpperCase().slice(0, 20), MeasuringPointCategory: 'M',
          MeasuringPointIsCounter: sp.counter, MsrgPtInternalCharacteristic: sp.code ? '' : sp.counter ? 'OPERATING_HOURS' : 'VIBRATION', CharcValueUnit: sp.unit,
          MeasuringPointDecimalPlaces: sp.counter ? 0 : 1, MeasuringPointCodeGroup: sp.code ? 'SEAL' : '', ValuationCodeIsSufficient: sp.code, MeasuringPointIsInactive: false,
          MeasuringPointTargetValue: sp.target ?? 0, MeasuringPointMaximumThreshold: sp.max ?? 0, MeasuringPointMinimumThreshold: 0,
          FunctionalLocation: eq.FunctionalLocation, Equipment: eq.Equipment, _valuationCodes: sp.code ? ['OK', 'LEAK'] : [],
        });
        if (sp.code) continue;
        const r = new Rng(this.seed, `mp-${MeasuringPoint}`);
        let total = r.int(1000, 9000);
        for (let k = 0; k < perPoint; k++) {
          const at = START + (k * 30 + r.int(0, 20)) * DAY + r.int(6, 18) * 3_600_000;
          const value = sp.counter ? (total += r.int(200, 700)) : Math.round((1.5 + r.float() * 3) * 10) / 10;
          this.measurementDocuments.push(this.document(MeasuringPoint, at, value, sp.unit, sp.counter, '', `Round ${k + 1}`));
        }
      }
    }
    // numbered in entry order
    this.measurementDocuments.sort((a, b) => String(a.MsmtRdngDate).localeCompare(String(b.MsmtRdngDate)) || String(a.MsmtRdngTime).localeCompare(String(b.MsmtRdngTime)));
    for (const d of this.measurementDocuments) d.MeasurementDocument = this.nextMeasurementDocument();
  }

  /** A measurement document row (reading in the entry unit; a counter also as MeasurementCounterReading). */
  document(point: string, atMs: number, value: number | null, unit: string, counter: boolean, code: string, text: string): Row {
    const iso = new Date(atMs).toISOString();
    return {
      MeasurementDocument: '', MeasuringPoint: point, MeasuringPointPositionNumber: '', MsmtRdngDate: iso.slice(0, 10), MsmtRdngTime: iso.slice(11, 19), Characteristic: '',
      MsmtDocumentReferredOrder: '', MsmtIsDoneAfterTaskCompltn: false, CharcValueUnit: unit,
      MeasurementReading: value ?? 0, MeasurementReadingInEntryUoM: value ?? 0, MeasurementReadingEntryUoM: unit,
      MeasurementCounterReading: counter ? value ?? 0 : 0, MsmtCounterReadingDifference: 0, TotalMsmtRdngIsSetExternally: false,
      MsmtValuationCode: code, MeasurementDocumentText: text, MeasurementDocumentHasLongText: false, MsmtRdngByUser: 'INSPECTOR1', MsmtRdngStatus: '',
      MsmtCntrReadingDiffIsEntered: false, MsmtRdngIsReversed: false, MsmtCounterReadingIsReplaced: false,
    };
  }

  private genNotifications(count: number) {
    const current = this.equipment.filter((e) => e.ValidityEndDate === END_OF_TIME);
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `notif-${i}`);
      const eq = current.length ? current[(i * 13) % current.length] : null;
      const phase = i === 0 ? '3' : i === 1 ? '1' : i === 2 ? '4' : r.weighted([['1', 30], ['2', 5], ['3', 30], ['4', 35]]);
      const order = phase === '3' || (phase === '4' && r.chance(0.7)) ? this.workOrderAt((i * 31) % Math.max(1, this.woCount)) : null;
      const created = START + r.int(0, 480) * DAY + r.int(0, 86_399) * 1000;
      const plant = (eq?.MaintenancePlant as string | undefined) ?? PLANTS[i % PLANTS.length][0];
      this.notifications.push({
        MaintenanceNotification: this.nextNotification(), MaintNotifInternalID: `QM${String(i).padStart(12, '0')}`,
        NotificationText: `${r.pick(['Noise from', 'Leak at', 'Vibration on', 'Oil loss at'])} ${String(eq?.EquipmentName ?? 'line')}`.slice(0, 40),
        MaintPriority: r.weighted([['1', 10], ['2', 25], ['3', 45], ['4', 15], ['', 5]]), NotificationType: r.weighted([['M1', 60], ['M2', 40]]),
        NotifProcessingPhase: phase, CreationDate: Math.floor(created / DAY) * DAY, ReportedByUser: r.pick(['OPERATOR1', 'OPERATOR2', 'SHIFTLEAD']),
        NotificationCreationDate: Math.floor(created / DAY) * DAY, NotificationCreationTime: `PT${String(Math.floor((created % DAY) / 3_600_000)).padStart(2, '0')}H${String(Math.floor((created % 3_600_000) / 60_000)).padStart(2, '0')}M00S`,
        MaintNotificationLongText: r.chance(0.5) ? 'Seen on the morning round.' : '',
        TechnicalObject: eq?.Equipment ?? '', TechObjIsEquipOrFuncnlLoc: eq ? 'EAMS_EQUI' : '', MaintenancePlanningPlant: plant, MaintenancePlant: plant,
        MaintenanceOrder: order ? order.MaintenanceOrder : '', LastChangeDateTime: created + r.int(1, 20) * 3_600_000,
      });
    }
  }

  private genPlans(count: number) {
    const current = this.equipment.filter((e) => e.ValidityEndDate === END_OF_TIME);
    const counters = this.measuringPoints.filter((p) => p.MeasuringPointIsCounter === true);
    const CYCLES = [['1', 'MON'], ['3', 'MON'], ['1', 'WK'], ['1', 'YR'], ['30', 'DAY']] as const;
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `plan-${i}`);
      const counter = i % 4 === 3 && counters.length ? counters[(i >> 2) % counters.length] : null;
      const eq = counter ? current.find((e) => e.Equipment === counter.Equipment)! : current[(i * 11) % current.length];
      const [qty, unit] = counter ? [String(r.pick([500, 1000])), 'H'] : CYCLES[i % CYCLES.length];
      const MaintenancePlan = String(100 + i);
      const changed = START + r.int(0, 400) * DAY + r.int(0, 86_399) * 1000;
      const inactive = i === 1;
      this.maintenancePlans.push({
        MaintenancePlan, MaintenancePlanDesc: `${r.pick(['Lubricate', 'Inspect', 'Service'])} ${String(eq.EquipmentName)}`.slice(0, 40), MaintenanceStrategy: '',
        MaintenancePlanCategory: 'PM', MaintenanceCall: 3, NumberOfMaintenanceItems: '1', MaintPlanSchedgIndicator: counter ? '' : '0',
        MaintenancePlanSystemStatus: inactive ? 'INAC' : '', LastChangeDateTime: changed, CreationDate: Math.floor((changed - 90 * DAY) / DAY) * DAY,
        _cycles: [{ MaintenancePlan, MaintenancePlanCycle: '1', MaintenanceStrategy: '', MaintPlanCycRcrrcIntervalQty: qty, MaintPlanCycRcrrcIntervalUnit: unit, MaintPlanCycleDesc: '', MaintPlanCycleStartOffsetValue: '0', MeasuringPoint: counter?.MeasuringPoint ?? '' }],
        _items: [{
          MaintenanceItem: `${MaintenancePlan}-1`, MaintenancePlan, MaintenanceItemDescription: 'Plan item', Equipment: eq.Equipment, FunctionalLocationLabelName: eq.FunctionalLocation,
          MaintenancePlanningPlant: eq.MaintenancePlanningPlant, MaintenanceOrderType: 'PM02',
          _calls: [
            { MaintenancePlan, MaintenancePlanCallNumber: 2, MaintenanceItem: `${MaintenancePlan}-1`, MaintenanceOrder: this.woCount ? String(4000000 + (i % this.woCount)) : '', MaintCallHorizonIsNotReached: false, SchedulingStatus: 'C', PlannedStartDate: changed - 30 * DAY },
            ...(inactive ? [] : [{ MaintenancePlan, MaintenancePlanCallNumber: 3, MaintenanceItem: `${MaintenancePlan}-1`, MaintenanceOrder: '', MaintCallHorizonIsNotReached: true, SchedulingStatus: 'S', PlannedStartDate: Math.floor((changed + r.int(20, 90) * DAY) / DAY) * DAY }]),
          ],
        }],
      });
    }
  }

  private genRequisitions(count: number) {
    const RELEASE = ['02', '05', '05', 'B', '08'];
    for (let i = 0; i < count; i++) {
      const r = new Rng(this.seed, `pr-${i}`);
      const PurchaseRequisition = String(10000001 + i);
      // every fourth is ordered: its items are the items of a purchase order
      const po = i % 4 === 1 && this.purchaseOrders.length ? this.purchaseOrders[(i * 7) % this.purchaseOrders.length] : null;
      const release = po ? '05' : RELEASE[i % RELEASE.length];
      const created = START + r.int(0, 470) * DAY;
      const items: Row[] = po
        ? (po._items as Row[]).map((it, k) => ({
          PurchaseRequisition, PurchaseRequisitionItem: String((k + 1) * 10), PurchaseRequisitionItemText: it.PurchaseOrderItemText, Material: it.Material, Plant: it.Plant,
          StorageLocation: it.StorageLocation, RequestedQuantity: it.OrderQuantity, BaseUnit: it.PurchaseOrderQuantityUnit, PurchaseRequisitionPrice: it.NetPriceAmount,
          PurReqnItemCurrency: 'EUR', ItemNetAmount: (Number(it.OrderQuantity) * Number(it.NetPriceAmount) / Number(it.NetPriceQuantity)).toFixed(2), PurReqnReleaseStatus: release,
          ProcessingStatus: 'B', PurchaseOrder: po.PurchaseOrder, PurchaseOrderItem: it.PurchaseOrderItem, IsDeleted: false, CreatedByUser: 'REQUESTER1',
          CreationDate: created, DeliveryDate: created + 20 * DAY,
        }))
        : Array.from({ length: r.int(1, 3) }, (_, k) => {
          const stock = this.stock[r.int(0, this.stock.length - 1)];
          const qty = r.int(1, 20);
          const price = `${r.int(1, 300)}.${String(r.int(0, 99)).padStart(2, '0')}`;
          return {
            PurchaseRequisition, PurchaseRequisitionItem: String((k + 1) * 10), PurchaseRequisitionItemText: `Spare ${String(stock.Material)}`, Material: stock.Material, Plant: stock.Plant,
            StorageLocation: stock.StorageLocation, RequestedQuantity: `${qty}.000`, BaseUnit: 'PC', PurchaseRequisitionPrice: price, PurReqnItemCurrency: 'EUR',
            ItemNetAmount: (qty * Number(price)).toFixed(2), PurReqnReleaseStatus: release, ProcessingStatus: 'N', PurchaseOrder: '', PurchaseOrderItem: '00000',
            IsDeleted: i % 9 === 4, CreatedByUser: 'REQUESTER1', CreationDate: created, DeliveryDate: created + 20 * DAY,
          };
        });
      this.requisitions.push({ PurchaseRequisition, PurchaseRequisitionType: 'NB', PurReqnDescription: `Requisition ${i + 1}`, SourceDetermination: false, _items: items });
    }
  }
}
