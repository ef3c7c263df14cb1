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
}
