// The UpKeep emulator's data: six resources, each a lazily generated base set
// (record i is a pure function of (seed, resource, i), so 100,000 work orders
// cost nothing until they are read) plus the changes made since (overrides,
// records created through the API, deletions). Base records are ordered: their
// createdAt and updatedAt grow with i, which keeps every list order cheap.
import { Rng } from '../../../src-main/systems/sandbox/prng.js';

export type Resource = 'locations' | 'vendors' | 'assets' | 'parts' | 'purchase-orders' | 'work-orders' | 'meters' | 'requests' | 'pm' | 'readings';
/** Top-level resources (/api/v2/<resource>); readings live under their meter (/api/v2/meters/:id/readings). */
export const resources: Resource[] = ['locations', 'vendors', 'assets', 'parts', 'purchase-orders', 'work-orders', 'meters', 'requests', 'pm'];
export type Rec = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string };

/** Unified entity names are accepted too, for the side channel. */
export function resourceOf(name: string): Resource {
  const alias: Record<string, Resource> = {
    'inventory-items': 'parts', parts: 'parts', workOrders: 'work-orders', purchaseOrders: 'purchase-orders',
    'meter-readings': 'readings', 'service-requests': 'requests', 'maintenance-plans': 'pm',
  };
  const r = (alias[name] ?? name) as Resource;
  if (!resources.includes(r) && r !== 'readings') throw new Error(`unknown UpKeep resource ${JSON.stringify(name)}`);
  return r;
}

export interface Sizes { locations: number; vendors: number; assets: number; parts: number; purchaseOrders: number; workOrders: number; meters: number; readings: number; requests: number; pm: number }
export const defaultSizes: Sizes = { locations: 12, vendors: 20, assets: 80, parts: 120, purchaseOrders: 60, workOrders: 300, meters: 10, readings: 200, requests: 40, pm: 15 };

const T0 = Date.UTC(2025, 5, 1);
const STEP_MS = 60_000;
const CREATED_BEFORE_MS = 30 * 86_400_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const WORK_ORDER_STATUSES = ['open', 'onHold', 'inProgress', 'complete'] as const;
export const WORK_ORDER_CATEGORIES = ['Damage', 'Electrical', 'Inspection', 'Mechanical', 'Meter Reading', 'Preventive', 'Project', 'Safety', 'Standard Operating Procedure'];
export const PURCHASE_ORDER_STATUSES = ['draft', 'awaitingApproval', 'approved', 'partiallyFulfilled', 'fulfilled', 'declined', 'canceled'];
/** [?] Request states as third-party material lists them (open, approved, rejected); an approved request carries its work order. */
export const REQUEST_STATUSES = ['open', 'approved', 'rejected'] as const;

export class Store {
  private readonly overrides = new Map<string, Rec>();
  /** Base indexes that are overridden or deleted (skipped by the base stream). */
  private readonly excluded = new Set<number>();
  private readonly deleted = new Set<string>();
  private readonly created: Rec[] = [];
  private index: Map<string, number> | null = null;

  constructor(
    readonly resource: Resource,
    readonly size: number,
    private readonly seed: number,
    private readonly make: (i: number, rng: Rng, s: Store) => Record<string, unknown>,
  ) {}

  id(i: number): string {
    const rng = new Rng(this.seed, `id:${this.resource}:${i}`);
    let s = '';
    for (let k = 0; k < 10; k++) s += ALPHABET[Math.floor(rng.float() * ALPHABET.length)];
    return s;
  }

  baseUpdatedMs(i: number): number { return T0 + i * STEP_MS; }

  base(i: number): Rec {
    const rng = new Rng(this.seed, `${this.resource}:${i}`);
    const updated = this.baseUpdatedMs(i);
    return {
      id: this.id(i),
      ...this.make(i, rng, this),
      createdAt: new Date(updated - CREATED_BEFORE_MS).toISOString(),
      updatedAt: new Date(updated).toISOString(),
    } as Rec;
  }

  private indexOf(id: string): number | undefined {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.size; i++) this.index.set(this.id(i), i);
    }
    return this.index.get(id);
  }

  get(id: string): Rec | undefined {
    if (this.deleted.has(id)) return undefined;
    const o = this.overrides.get(id);
    if (o) return o;
    const i = this.indexOf(id);
    return i === undefined ? undefined : this.base(i);
  }

  /** Every live record (base and created), in no particular order: for sub-resource lists and checks. */
  *all(): Generator<Rec> {
    for (let i = 0; i < this.size; i++) {
      if (!this.excluded.has(i)) { yield this.base(i); continue; }
      const o = this.overrides.get(this.id(i));
      if (o) yield o;
    }
    yield* this.created;
  }

  /** Replace (or create) a record; the caller sets its updatedAt. */
  put(rec: Rec): void {
    const i = this.indexOf(rec.id);
    if (i === undefined && !this.overrides.has(rec.id)) this.created.push(rec);
    else if (i === undefined) this.created[this.created.findIndex((r) => r.id === rec.id)] = rec;
    if (i !== undefined) this.excluded.add(i);
    this.deleted.delete(rec.id);
    this.overrides.set(rec.id, rec);
  }

  delete(id: string): boolean {
    if (!this.get(id)) return false;
    const i = this.indexOf(id);
    if (i !== undefined) this.excluded.add(i);
    this.overrides.delete(id);
    const c = this.created.findIndex((r) => r.id === id);
    if (c >= 0) this.created.splice(c, 1);
    this.deleted.add(id);
    return true;
  }

  get liveCount(): number {
    return this.size - [...this.deleted].filter((id) => this.indexOf(id) !== undefined).length + this.created.length;
  }

  /** Every live id (tests compare them with what was synced). */
  liveIds(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.size; i++) { const id = this.id(i); if (!this.deleted.has(id)) out.push(id); }
    for (const r of this.created) out.push(r.id);
    return out;
  }

  /** Up to `count` live ids picked deterministically from a stream name. */
  pick(count: number, stream: string): string[] {
    const rng = new Rng(this.seed, stream);
    const out = new Set<string>();
    const total = this.size + this.created.length;
    for (let tries = 0; out.size < count && tries < count * 20 + 100; tries++) {
      const n = rng.int(0, Math.max(0, total - 1));
      const id = n < this.size ? this.id(n) : this.created[n - this.size]?.id;
      if (id && !this.deleted.has(id)) out.add(id);
    }
    return [...out];
  }

  /** Records with updatedAt > sinceMs, ascending by (updatedAt, id). */
  *updatedAsc(sinceMs: number | null): Generator<Rec> {
    let lo = 0;
    let hi = this.size;
    if (sinceMs !== null) {
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.baseUpdatedMs(mid) > sinceMs) hi = mid; else lo = mid + 1; }
    }
    const start = lo;
    const moved = [...this.overrides.values()]
      .filter((r) => sinceMs === null || Date.parse(r.updatedAt) > sinceMs)
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let m = 0;
    for (let i = start; i < this.size; i++) {
      if (this.excluded.has(i)) continue;
      const t = this.baseUpdatedMs(i);
      while (m < moved.length && Date.parse(moved[m].updatedAt) < t) yield moved[m++];
      yield this.base(i);
    }
    while (m < moved.length) yield moved[m++];
  }

  /** UpKeep's default order: newest first by createdAt. */
  *createdDesc(): Generator<Rec> {
    for (let c = this.created.length - 1; c >= 0; c--) yield this.created[c];
    for (let i = this.size - 1; i >= 0; i--) {
      if (!this.excluded.has(i)) { yield this.base(i); continue; }
      const o = this.overrides.get(this.id(i));
      if (o) yield o;
    }
  }

  *createdAsc(): Generator<Rec> {
    for (let i = 0; i < this.size; i++) {
      if (!this.excluded.has(i)) { yield this.base(i); continue; }
      const o = this.overrides.get(this.id(i));
      if (o) yield o;
    }
    yield* this.created;
  }
}

const ASSET_KINDS = ['Air Compressor', 'Conveyor', 'Boiler', 'Chiller', 'Forklift', 'Hydraulic Press', 'Pump', 'CNC Mill', 'Packaging Line', 'Generator'];
const MAKES = ['Atlas Copco', 'Siemens', 'Grundfos', 'Caterpillar', 'Haas', 'Trane', 'Toyota', 'ABB'];
const PARTS = ['V-Belt', 'Bearing 6204', 'Air Filter', 'Hydraulic Hose', 'Seal Kit', 'Fuse 10A', 'Contactor', 'Gear Oil 5L', 'Proximity Sensor', 'Drive Chain'];
const VERBS = ['Inspect', 'Replace', 'Repair', 'Lubricate', 'Calibrate', 'Clean', 'Check'];
const CITIES = ['Springfield, IL', 'Dayton, OH', 'Tacoma, WA', 'Reno, NV', 'Akron, OH'];

const cents = (rng: Rng, min: number, max: number) => Math.round(rng.int(min * 100, max * 100)) / 100;

/** The generators, one per resource. References point into the other base sets. */
export function createStores(seed: number, sizes: Sizes): Record<Resource, Store> {
  const stores = {} as Record<Resource, Store>;
  const ref = (r: Resource, rng: Rng) => (stores[r].size ? stores[r].id(rng.int(0, stores[r].size - 1)) : null);
  const userId = (rng: Rng) => `usr${rng.alnum(7)}`;
  stores.locations = new Store('locations', sizes.locations, seed, (i, rng, s) => ({
    name: i === 0 ? 'Riverside Plant' : `${['Building', 'Warehouse', 'Line', 'Yard'][i % 4]} ${Math.ceil(i / 4)}`,
    address: i < 3 ? `${rng.int(100, 9999)} Industrial Way, ${rng.pick(CITIES)}` : null,
    latitude: null, longitude: null,
    parentLocation: i < 2 ? null : s.id(rng.int(0, Math.min(i - 1, 2))),
    ...(rng.chance(0.3) ? { customFields: [{ name: 'Cost Center', value: `CC-${rng.int(1000, 9999)}` }] } : {}),
  }));
  stores.vendors = new Store('vendors', sizes.vendors, seed, (i, rng) => ({
    businessName: `${rng.pick(['Acme', 'Midwest', 'Precision', 'Allied', 'Summit', 'Keystone'])} ${rng.pick(['Industrial Supply', 'Bearings', 'Electric', 'Fluid Power', 'MRO'])} ${i + 1}`,
    email: rng.chance(0.8) ? `orders${i + 1}@vendor.example` : null,
    phoneNumber: rng.chance(0.7) ? `+1-555-${String(rng.int(0, 9999)).padStart(4, '0')}` : null,
    website: null,
    address: rng.chance(0.6) ? `${rng.int(1, 999)} Commerce St, ${rng.pick(CITIES)}` : null,
    vendorType: rng.pick(['Parts', 'Services', 'Contractor']),
    description: null,
  }));
  stores.assets = new Store('assets', sizes.assets, seed, (i, rng, s) => ({
    name: `${rng.pick(ASSET_KINDS)} #${i + 1}`,
    description: null,
    barcode: rng.chance(0.9) ? `AST-${String(i + 1).padStart(5, '0')}` : null,
    serial: rng.chance(0.8) ? rng.alnum(10) : null,
    model: rng.chance(0.8) ? `M-${rng.int(100, 999)}` : null,
    make: rng.chance(0.8) ? rng.pick(MAKES) : null,
    category: rng.pick(['Production', 'Facility', 'Vehicles', 'HVAC']),
    area: null,
    status: rng.weighted([['active', 80], ['inactive', 15], ['archived', 5]] as const),
    location: ref('locations', rng),
    parentAsset: i > 10 && rng.chance(0.15) ? s.id(rng.int(0, 9)) : null,
    ...(rng.chance(0.4) ? { customFields: [{ name: 'Criticality', value: rng.pick(['A', 'B', 'C']) }, { name: 'Install Year', value: rng.int(1995, 2024) }] } : {}),
  }));
  stores.parts = new Store('parts', sizes.parts, seed, (i, rng) => ({
    partNumber: rng.chance(0.95) ? `P-${String(10000 + i)}` : null,
    name: rng.pick(PARTS),
    description: rng.chance(0.3) ? 'OEM spare' : null,
    quantity: rng.int(0, 200),
    minimumQuantity: rng.chance(0.7) ? rng.int(1, 20) : null,
    maximumQuantity: null,
    cost: rng.chance(0.9) ? cents(rng, 1, 900) : null,
    unit: rng.pick(['each', 'box', 'litre', 'metre']),
    area: `Bin ${rng.int(1, 40)}`,
    barcode: null,
    category: rng.pick(['Mechanical', 'Electrical', 'Consumables']),
    location: ref('locations', rng),
  }));
  stores['purchase-orders'] = new Store('purchase-orders', sizes.purchaseOrders, seed, (i, rng) => {
    const lines = Array.from({ length: rng.int(1, 4) }, () => {
      const part = ref('parts', rng)!;
      const quantity = rng.int(1, 20);
      const price = cents(rng, 2, 500);
      return { part, partNumber: null, name: rng.pick(PARTS), quantity, price, quantityReceived: 0 };
    });
    const status = rng.pick(PURCHASE_ORDER_STATUSES);
    for (const l of lines) l.quantityReceived = status === 'fulfilled' ? l.quantity : status === 'partiallyFulfilled' ? Math.floor(l.quantity / 2) : 0;
    const totalCents = lines.reduce((s, l) => s + Math.round(l.quantity * l.price * 100), 0);
    return {
      purchaseOrderNo: String(1000 + i),
      title: `Restock ${lines[0].name}`,
      status,
      vendor: ref('vendors', rng),
      location: ref('locations', rng),
      datePurchased: new Date(T0 - rng.int(1, 60) * 86_400_000).toISOString(),
      dueDate: rng.chance(0.7) ? new Date(T0 + rng.int(1, 60) * 86_400_000).toISOString() : null,
      partsOrdered: lines,
      totalCost: totalCents / 100,
    };
  });
  stores['work-orders'] = new Store('work-orders', sizes.workOrders, seed, (i, rng) => {
    const status = rng.weighted([['open', 35], ['inProgress', 20], ['onHold', 10], ['complete', 35]] as const);
    const asset = rng.chance(0.8) ? ref('assets', rng) : null;
    return {
      workOrderNo: String(i + 1).padStart(3, '0'),
      title: `${rng.pick(VERBS)} ${rng.pick(ASSET_KINDS).toLowerCase()}`,
      description: rng.chance(0.6) ? 'Reported by operator during shift walk.' : null,
      status,
      priority: rng.int(0, 3),
      category: rng.chance(0.9) ? rng.pick(WORK_ORDER_CATEGORIES) : null,
      asset,
      location: ref('locations', rng),
      assignedToUser: rng.chance(0.7) ? userId(rng) : null,
      assignedByUser: userId(rng),
      team: null,
      dueDate: rng.chance(0.8) ? new Date(T0 + i * STEP_MS + rng.int(1, 30) * 86_400_000).toISOString() : null,
      dateCompleted: status === 'complete' ? new Date(T0 + i * STEP_MS - 3_600_000).toISOString() : null,
      time: status === 'complete' ? rng.int(1, 16) / 2 : null,
      cost: status === 'complete' ? cents(rng, 0, 2000) : null,
      ...(rng.chance(0.3) ? { customFields: [{ name: 'Shift', value: rng.pick(['A', 'B', 'C']) }, { name: 'Downtime (h)', value: rng.int(0, 12), unit: 'h' }] } : {}),
    };
  });
  // ---- meters, their readings, requests, preventive maintenance ([?] field names: see the emulator's header)
  const METERS = [['Run hours', 'hours'], ['Odometer', 'miles'], ['Discharge pressure', 'psi'], ['Motor temperature', '°F']] as const;
  stores.meters = new Store('meters', sizes.meters, seed, (i, rng) => {
    const [name, units] = METERS[i % METERS.length];
    return { name: `${name} ${i + 1}`, units, frequency: rng.pick([1, 7, 30]), asset: ref('assets', rng), location: ref('locations', rng) };
  });
  // readings: meter i % M, one round every 6 hours per meter, counters count up
  stores.readings = new Store('readings', sizes.readings, seed, (i, rng) => {
    const m = stores.meters.size ? i % stores.meters.size : 0;
    const round = stores.meters.size ? Math.floor(i / stores.meters.size) : i;
    const counting = m % METERS.length < 2;
    return {
      meter: stores.meters.size ? stores.meters.id(m) : null,
      value: counting ? 1000 + round * 12 + (m * 7) : Math.round((60 + rng.float() * 30) * 10) / 10,
      date: new Date(T0 - (sizes.readings - i) * 3_600_000).toISOString(),
      user: userId(rng),
    };
  });
  stores.requests = new Store('requests', sizes.requests, seed, (i, rng) => {
    const status = i === 0 ? 'approved' : i === 1 ? 'open' : i === 2 ? 'rejected' : rng.weighted([['open', 40], ['approved', 45], ['rejected', 15]] as const);
    return {
      requestNo: String(i + 1).padStart(3, '0'),
      title: `${rng.pick(['Leak at', 'Noise from', 'Broken guard on', 'Light out near'])} ${rng.pick(ASSET_KINDS).toLowerCase()}`,
      description: rng.chance(0.5) ? 'Submitted through the request portal.' : null,
      status,
      priority: rng.int(0, 3),
      asset: rng.chance(0.7) ? ref('assets', rng) : null,
      location: ref('locations', rng),
      requestedByUser: rng.chance(0.7) ? userId(rng) : null,
      publicRequesterEmail: null,
      workOrder: status === 'approved' && stores['work-orders'].size ? stores['work-orders'].id(rng.int(0, stores['work-orders'].size - 1)) : null,
    };
  });
  stores.pm = new Store('pm', sizes.pm, seed, (i, rng) => {
    const unit = rng.pick(['days', 'weeks', 'months', 'years'] as const);
    return {
      title: `${rng.pick(['Lubricate', 'Inspect', 'Service', 'Calibrate'])} ${rng.pick(ASSET_KINDS).toLowerCase()}`,
      description: null,
      asset: rng.chance(0.8) ? ref('assets', rng) : null,
      location: ref('locations', rng),
      priority: rng.int(0, 3),
      isPaused: i === 2,
      schedules: [{ repeatFrequency: rng.pick([1, 2, 3, 6]), repeatInterval: unit, nextDueDate: new Date(T0 + rng.int(1, 90) * 86_400_000).toISOString() }],
    };
  });
  return stores;
}
