// The Maximo emulator's data: six object structures generated lazily and
// deterministically from (seed, size) — record i is a pure function of i, and
// changedate grows with i — so 100,000 work orders cost nothing until listed.
// Changed, created and deleted records live in small override maps.
import { Rng } from '../../../src-main/systems/sandbox/prng.js';
import type { EntityName } from '../../../src-main/contract/unified.js';

export type Rec = Record<string, unknown>;
export interface Entry { rec: Rec; ms: number; key: string }

export const ORG = 'EAGLENA';
export const ITEMSET = 'SET1';
export const SITES = [
  { siteid: 'BEDFORD', offset: -300, store: 'CENTRAL', prefix: 'BR' },
  { siteid: 'TEXAS', offset: -360, store: 'TXSTORE', prefix: 'TX' },
] as const;
/** Every generated changedate lies before this instant; changes made at run time come after it. */
export const ANCHOR_MS = Date.UTC(2024, 5, 1);

/** The entities with an object structure of their own (meters are the `assetmeter` child of MXAPIASSET). */
export type MaximoEntity = Exclude<EntityName, 'meters'>;
export const OS_OF: Record<MaximoEntity, string> = {
  'work-orders': 'mxapiwodetail', 'purchase-orders': 'mxapipo', assets: 'mxapiasset',
  'inventory-items': 'mxapiinventory', vendors: 'mxapivendor', locations: 'mxapioperloc',
  'meter-readings': 'mxapimeterreading', 'service-requests': 'mxapisr', 'maintenance-plans': 'mxapipm', 'purchase-requisitions': 'mxapipr',
};
export const KEYS: Record<MaximoEntity, string[]> = {
  'work-orders': ['wonum', 'siteid'], 'purchase-orders': ['ponum', 'revisionnum', 'siteid'], assets: ['assetnum', 'siteid'],
  'inventory-items': ['itemnum', 'itemsetid', 'location', 'siteid'], vendors: ['company', 'orgid'], locations: ['location', 'siteid'],
  'meter-readings': ['meterreadingid'], 'service-requests': ['class', 'ticketid'], 'maintenance-plans': ['pmnum', 'siteid'], 'purchase-requisitions': ['prnum', 'siteid'],
};
/** The attribute a listing's change filter and order use: readings are never changed, only entered (METERREADING.ENTERDATE). */
export const TIME_ATTR: Record<MaximoEntity, string> = {
  'work-orders': 'changedate', 'purchase-orders': 'changedate', assets: 'changedate', 'inventory-items': 'changedate', vendors: 'changedate',
  locations: 'changedate', 'meter-readings': 'enterdate', 'service-requests': 'changedate', 'maintenance-plans': 'changedate', 'purchase-requisitions': 'changedate',
};

/** An ISO time in a site's local offset, as Maximo sends it: "2024-03-05T10:12:44-05:00". */
export function maximoDate(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
const siteOffset = (siteid: unknown) => SITES.find((s) => s.siteid === siteid)?.offset ?? -300;

/** Status domains: value → internal value (maxvalue). Customers add synonyms. */
export function defaultDomains(): Record<MaximoEntity, Map<string, string>> {
  const self = (vals: string[], syn: [string, string][] = []) => new Map([...vals.map((v) => [v, v] as [string, string]), ...syn]);
  return {
    'work-orders': self(['WAPPR', 'APPR', 'WSCH', 'WMATL', 'WPCOND', 'INPRG', 'COMP', 'CLOSE', 'CAN', 'HISTEDIT'], [['WAITAPPR', 'WAPPR'], ['FIELDDONE', 'COMP']]),
    'purchase-orders': self(['WAPPR', 'APPR', 'INPRG', 'HOLD', 'REVISE', 'PNDREV', 'CLOSE', 'CAN'], [['WAITAPPR', 'WAPPR']]),
    assets: self(['OPERATING', 'NOT READY', 'DECOMMISSIONED', 'BROKEN', 'ACTIVE', 'LIMITEDUSE', 'INACTIVE'], [['RUNNING', 'OPERATING']]),
    'inventory-items': self(['ACTIVE', 'PENDOBS', 'PLANNING', 'OBSOLETE']),
    vendors: new Map(),
    locations: self(['OPERATING', 'NOT READY', 'DECOMMISSIONED']),
    'meter-readings': new Map(),
    // SRSTATUS, PMSTATUS, PRSTATUS [K]
    'service-requests': self(['NEW', 'QUEUED', 'INPROG', 'PENDING', 'RESOLVED', 'CLOSED', 'CANCELLED']),
    'maintenance-plans': self(['ACTIVE', 'INACTIVE', 'DRAFT']),
    'purchase-requisitions': self(['WAPPR', 'APPR', 'INPRG', 'COMP', 'CAN', 'CLOSE'], [['WAITAPPR', 'WAPPR']]),
  };
}

export const STATUS_DESCRIPTIONS: Record<string, string> = {
  WAPPR: 'Waiting on Approval', APPR: 'Approved', WSCH: 'Waiting to be Scheduled', WMATL: 'Waiting on Material', WPCOND: 'Waiting on Plant Cond',
  INPRG: 'In Progress', COMP: 'Completed', CLOSE: 'Closed', CAN: 'Canceled', HOLD: 'On Hold', REVISE: 'Revised', PNDREV: 'Pending Revision',
  OPERATING: 'Operating', 'NOT READY': 'Not Ready', DECOMMISSIONED: 'Decommissioned', BROKEN: 'Broken', ACTIVE: 'Active',
  NEW: 'New', QUEUED: 'Queued', INPROG: 'In Progress', PENDING: 'Pending', RESOLVED: 'Resolved', CLOSED: 'Closed', CANCELLED: 'Cancelled',
  INACTIVE: 'Inactive', DRAFT: 'Draft',
};

export interface Sizes {
  workOrders: number; purchaseOrders: number; assets: number; inventory: number; vendors: number; locations: number;
  /** Readings kept per asset meter (continuous and gauge meters). */
  readingsPerMeter: number; serviceRequests: number; pms: number; requisitions: number;
}
export const DEFAULT_SIZES: Sizes = {
  workOrders: 1000, purchaseOrders: 150, assets: 300, inventory: 200, vendors: 40, locations: 60,
  readingsPerMeter: 4, serviceRequests: 80, pms: 40, requisitions: 60,
};

/** Every fifth asset carries meters: a run-hours counter and a vibration gauge; the first also a seal check. */
export const METERED_EVERY = 5;
export const ASSET_METERS = [
  { metername: 'RUNHOURS', metertype: 'CONTINUOUS', measureunitid: 'HOURS' },
  { metername: 'VIBRATION', metertype: 'GAUGE', measureunitid: 'MM/S' },
] as const;
export const SEAL_CHECK = { metername: 'SEALCHK', metertype: 'CHARACTERISTIC', measureunitid: null, domainid: 'SEALCOND', values: ['OK', 'WEEPING', 'LEAKING'] } as const;

// ---------------------------------------------------------------- a table

export class Table {
  readonly overrides = new Map<string, Entry>();
  readonly deleted = new Set<string>();
  /** Generated indices that were changed or deleted (skipped in the generated stream). */
  private readonly touched = new Set<number>();
  private sortedOverrides: Entry[] | null = null;
  private readonly cache: (Rec | undefined)[] | null;

  constructor(
    readonly entity: MaximoEntity,
    readonly count: number,
    private readonly gen: (i: number) => Rec,
    readonly msOf: (i: number) => number,
    readonly indexOf: (key: string) => number | null,
  ) {
    this.cache = count <= 5000 ? new Array(count) : null;
  }

  get os(): string { return OS_OF[this.entity]; }
  keyOf(rec: Rec): string { return KEYS[this.entity].map((k) => String(rec[k])).join('/'); }
  get timeAttr(): string { return TIME_ATTR[this.entity]; }

  generated(i: number): Rec {
    if (this.cache) return (this.cache[i] ??= this.gen(i));
    return this.gen(i);
  }

  get(key: string): Rec | undefined {
    if (this.deleted.has(key)) return undefined;
    const o = this.overrides.get(key);
    if (o) return o.rec;
    const i = this.indexOf(key);
    if (i === null || i < 0 || i >= this.count || this.touched.has(i)) return undefined;
    const rec = this.generated(i);
    return this.keyOf(rec) === key ? rec : undefined;
  }

  put(rec: Rec, ms: number): void {
    const key = this.keyOf(rec);
    this.overrides.set(key, { rec, ms, key });
    this.deleted.delete(key);
    const i = this.indexOf(key);
    if (i !== null && i >= 0 && i < this.count) this.touched.add(i);
    this.sortedOverrides = null;
  }

  remove(key: string): boolean {
    if (!this.get(key)) return false;
    this.deleted.add(key);
    this.overrides.delete(key);
    const i = this.indexOf(key);
    if (i !== null && i >= 0 && i < this.count) this.touched.add(i);
    this.sortedOverrides = null;
    return true;
  }

  /** Live records in (changedate, key) order, from changedate ≥ fromMs. */
  *stream(fromMs: number | null): Generator<Entry> {
    const ov = (this.sortedOverrides ??= [...this.overrides.values()].sort((a, b) => a.ms - b.ms || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
    let lo = 0; let hi = this.count;
    if (fromMs !== null) {
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.msOf(mid) < fromMs) lo = mid + 1; else hi = mid; }
    }
    let oi = fromMs === null ? 0 : ov.findIndex((e) => e.ms >= fromMs);
    if (oi < 0) oi = ov.length;
    let gi = lo;
    let g: Entry | null = null;
    const nextGen = (): Entry | null => {
      while (gi < this.count && this.touched.has(gi)) gi++;
      if (gi >= this.count) return null;
      const rec = this.generated(gi);
      const e = { rec, ms: this.msOf(gi), key: this.keyOf(rec) };
      gi++;
      return e;
    };
    g = nextGen();
    while (g || oi < ov.length) {
      const o = oi < ov.length ? ov[oi] : null;
      if (g && (!o || g.ms < o.ms || (g.ms === o.ms && g.key <= o.key))) { yield g; g = nextGen(); }
      else { yield o!; oi++; }
    }
  }

  /** How many live records have changedate ≥ fromMs (cheap: no generation for the generated part). */
  countFrom(fromMs: number | null): number {
    let lo = 0; let hi = this.count;
    if (fromMs !== null) {
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.msOf(mid) < fromMs) lo = mid + 1; else hi = mid; }
    }
    let n = this.count - lo;
    for (const i of this.touched) if (i >= lo) n--;
    for (const e of this.overrides.values()) if (fromMs === null || e.ms >= fromMs) n++;
    return n;
  }

  liveKeys(): string[] {
    const out: string[] = [];
    for (const e of this.stream(null)) out.push(e.key);
    return out;
  }
}

// ---------------------------------------------------------------- generators

const TITLES = ['Replace pump seal', 'Inspect conveyor belt', 'Lubricate gearbox', 'Calibrate pressure transmitter', 'Repair hydraulic leak', 'Replace filter cartridge',
  'Check motor vibration', 'Tighten flange bolts', 'Clean heat exchanger', 'Replace worn bearing', 'Test safety relief valve', 'Align coupling'];
const PEOPLE = ['WILSON', 'SMITH', 'JONES', 'GARCIA', 'NGUYEN', 'MILLER', 'DAVIS', 'LOPEZ'];
const MAKERS = ['ABB', 'Siemens', 'Grundfos', 'SKF', 'Emerson', 'Flowserve', 'Atlas Copco', 'Sulzer'];
const PARTS = ['Bearing 6205-2RS', 'V-belt A42', 'O-ring kit', 'Mechanical seal 35mm', 'Filter element 10um', 'Gasket DN50', 'Fuse 10A', 'Grease cartridge', 'Coupling insert', 'Pressure gauge 0-10 bar'];
const VENDOR_NAMES = ['Acme Industrial Supply', 'Bolt & Nut Co', 'Central Bearings', 'Delta Pumps', 'Eastern Electric', 'Fluid Power Inc', 'Global Seals', 'Hydraulic Parts Ltd'];
const CITIES = [['Bedford', 'MA', '01730'], ['Houston', 'TX', '77002'], ['Boston', 'MA', '02110'], ['Dallas', 'TX', '75201']] as const;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export interface Dataset { tables: Record<MaximoEntity, Table>; domains: Record<MaximoEntity, Map<string, string>>; sizes: Sizes }

export function createDataset(seed: number, sizes: Sizes): Dataset {
  const domains = defaultDomains();
  const rng = (entity: string, i: number) => new Rng(seed, `${entity}:${i}`);
  const strictMs = (n: number, stepS: number) => (i: number) => ANCHOR_MS - (n - i) * stepS * 1000;
  const site = (i: number) => SITES[i % 2];
  const rowstamp = (base: number, i: number) => String(base + i * 3);
  const withStatus = (entity: MaximoEntity, status: string) => ({ status, status_maxvalue: domains[entity].get(status) ?? status, status_description: STATUS_DESCRIPTIONS[domains[entity].get(status) ?? status] ?? status });

  // ---- locations
  const L = Math.max(6, sizes.locations);
  const locCode = (i: number) => (i < 2 ? SITES[i].store : `${site(i).prefix}${100 + i}`);
  const locMs = strictMs(L, 3600);
  const locations = new Table('locations', L, (i) => {
    const r = rng('loc', i);
    const s = site(i);
    const type = i < 2 ? 'STOREROOM' : i < 4 ? 'OPERATING' : r.weighted([['OPERATING', 85], ['REPAIR', 5], ['HOLDING', 5], ['SALVAGE', 5]] as const);
    const base = i % 2 === 0 ? 2 : 3;
    const parent = i >= 4 ? locCode(base + 2 * r.int(0, (i - base) / 2 - 1)) : null;
    return {
      location: locCode(i), siteid: s.siteid, orgid: ORG,
      description: i < 2 ? `${s.siteid} central storeroom` : i < 4 ? `${s.siteid} plant` : `${r.pick(['Boiler room', 'Packaging line', 'Compressor house', 'Pump station', 'Tank farm', 'Workshop'])} ${i}`,
      type, type_maxvalue: type, type_description: `${type[0]}${type.slice(1).toLowerCase()} Location`,
      ...withStatus('locations', 'OPERATING'),
      lochierarchy: parent ? [{ parent, systemid: 'PRIMARY' }] : [],
      changedate: maximoDate(locMs(i), s.offset), _rowstamp: rowstamp(10_000, i),
    };
  }, locMs, (key) => {
    const [code, siteid] = key.split('/');
    const si = SITES.findIndex((s) => s.siteid === siteid);
    if (code === SITES[0].store) return 0;
    if (code === SITES[1].store) return 1;
    const m = /^(BR|TX)(\d+)$/.exec(code);
    if (!m || si < 0) return null;
    const i = Number(m[2]) - 100;
    return i % 2 === si ? i : null;
  });
  const operatingLocation = (r: Rng, parity: number) => {
    const base = parity === 0 ? 2 : 3;
    return locCode(base + 2 * r.int(0, Math.floor((L - 1 - base) / 2)));
  };

  // ---- vendors
  const V = Math.max(2, sizes.vendors);
  const vendMs = strictMs(V, 7200);
  const isDisabled = (i: number) => i % 13 === 5;
  const vendors = new Table('vendors', V, (i) => {
    const r = rng('vendor', i);
    const [city, state, zip] = r.pick(CITIES);
    const name = `${VENDOR_NAMES[i % VENDOR_NAMES.length]}${i >= VENDOR_NAMES.length ? ` ${Math.floor(i / VENDOR_NAMES.length) + 1}` : ''}`;
    return {
      company: `V${1000 + i}`, orgid: ORG, name, type: 'V', type_description: 'Vendor', disabled: isDisabled(i),
      phone: `+1 617 555 ${pad(r.int(0, 9999), 4)}`, address1: `${r.int(1, 999)} Industrial Way`, address2: city, address3: state, address4: zip, address5: 'US',
      currencycode: 'USD', paymentterms: r.pick(['NET30', 'NET45', 'NET60']),
      companycontact: [{ contact: r.pick(PEOPLE), email: `orders@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`, phone: null }],
      cx_supplierrating: r.pick(['A', 'B', 'C']),
      changedate: maximoDate(vendMs(i), -300), _rowstamp: rowstamp(20_000, i),
    };
  }, vendMs, (key) => {
    const m = /^V(\d+)\/(.+)$/.exec(key);
    return m && m[2] === ORG ? Number(m[1]) - 1000 : null;
  });

  // ---- assets
  const A = Math.max(2, sizes.assets);
  const assetMs = strictMs(A, 1800);
  // ---- meter readings: R per metered asset meter, reading g → (meter ordinal g / R, round g % R); dates grow with g
  const R = Math.max(1, sizes.readingsPerMeter);
  const meteredAssets = Math.ceil(A / METERED_EVERY);
  const G = meteredAssets * ASSET_METERS.length * R;
  const readingMs = strictMs(G, 600);
  const readingOf = (g: number) => {
    const ordinal = Math.floor(g / R);
    const round = g % R;
    const assetIdx = Math.floor(ordinal / ASSET_METERS.length) * METERED_EVERY;
    const meter = ASSET_METERS[ordinal % ASSET_METERS.length];
    const value = meter.metertype === 'CONTINUOUS' ? 1000 + assetIdx * 10 + round * 24 : 2 + ((g * 37) % 40) / 10;
    return { assetIdx, meter, value, ms: readingMs(g) - 60_000 };
  };
  const lastReading = (assetIdx: number, m: number) => readingOf(((assetIdx / METERED_EVERY) * ASSET_METERS.length + m) * R + R - 1);
  const assets = new Table('assets', A, (i) => {
    const r = rng('asset', i);
    const s = site(i);
    const status = r.weighted([['OPERATING', 70], ['NOT READY', 10], ['DECOMMISSIONED', 8], ['BROKEN', 5], ['RUNNING', 7]] as const);
    const parent = i >= 2 && r.chance(0.3) ? String(11000 + i - 2 * r.int(1, Math.floor(i / 2))) : null;
    return {
      assetnum: String(11000 + i), siteid: s.siteid, orgid: ORG,
      description: `${r.pick(['Centrifugal pump', 'Air compressor', 'Conveyor', 'Gearbox', 'Electric motor', 'Heat exchanger', 'Boiler feed pump'])} ${i}`,
      ...withStatus('assets', status),
      location: operatingLocation(r, i % 2), parent,
      manufacturer: r.pick(MAKERS), modelnum: `M-${r.alnum(5)}`, serialnum: r.alnum(10),
      installdate: maximoDate(assetMs(i) - r.int(100, 3000) * 86_400_000, s.offset),
      ex_criticality: r.int(1, 5),
      ...(i % METERED_EVERY === 0 ? {
        assetmeter: [
          ...ASSET_METERS.map((m, k) => {
            const last = lastReading(i, k);
            return { assetmeterid: i * 10 + k + 1, metername: m.metername, metertype: m.metertype, measureunitid: m.measureunitid, active: true, lastreading: String(last.value), lastreadingdate: maximoDate(last.ms, s.offset) };
          }),
          ...(i === 0 ? [{ assetmeterid: 9, metername: SEAL_CHECK.metername, metertype: SEAL_CHECK.metertype, measureunitid: null, domainid: SEAL_CHECK.domainid, active: true, lastreading: null, lastreadingdate: null }] : []),
        ],
      } : {}),
      changedate: maximoDate(assetMs(i), s.offset), _rowstamp: rowstamp(30_000, i),
    };
  }, assetMs, (key) => {
    const [num, siteid] = key.split('/');
    const i = Number(num) - 11000;
    return Number.isInteger(i) && SITES[i % 2]?.siteid === siteid ? i : null;
  });

  // ---- inventory (one row per item per storeroom)
  const I = Math.max(2, sizes.inventory);
  const invMs = strictMs(I, 1200);
  const inventory = new Table('inventory-items', I, (i) => {
    const r = rng('inv', i);
    const s = site(i);
    const onHand = r.chance(0.1) ? 0 : r.int(1, 200);
    return {
      itemnum: String(10000 + Math.floor(i / 2)), itemsetid: ITEMSET, location: s.store, siteid: s.siteid, orgid: ORG,
      description: `${PARTS[Math.floor(i / 2) % PARTS.length]}`,
      curbaltotal: onHand, reservedqty: Math.min(onHand, r.int(0, 5)), avblbalance: onHand, issueunit: r.pick(['EACH', 'EACH', 'BOX', 'SET']),
      minlevel: r.int(0, 20), maxlevel: r.int(20, 100), orderqty: r.int(5, 50),
      avgcost: i === 0 ? 0.1 + 0.2 : Math.round(r.float() * 50_000) / 100,
      ...withStatus('inventory-items', 'ACTIVE'),
      cx_hazmat: r.chance(0.1),
      changedate: maximoDate(invMs(i), s.offset), _rowstamp: rowstamp(40_000, i),
    };
  }, invMs, (key) => {
    const [itemnum, set, store, siteid] = key.split('/');
    const si = SITES.findIndex((s) => s.siteid === siteid && s.store === store);
    if (set !== ITEMSET || si < 0) return null;
    const i = (Number(itemnum) - 10000) * 2 + si;
    return Number.isInteger(i) ? i : null;
  });

  // ---- purchase orders
  const P = Math.max(1, sizes.purchaseOrders);
  const poMs = strictMs(P, 2400);
  const purchaseOrders = new Table('purchase-orders', P, (i) => {
    const r = rng('po', i);
    const s = site(i);
    let v = r.int(0, V - 1);
    while (isDisabled(v)) v = (v + 1) % V;
    const vendor = vendors.generated(v);
    const status = r.weighted([['WAPPR', 15], ['WAITAPPR', 5], ['APPR', 35], ['INPRG', 5], ['HOLD', 5], ['REVISE', 3], ['PNDREV', 2], ['CLOSE', 20], ['CAN', 10]] as const);
    const receive = status === 'CLOSE' ? 'all' : status === 'APPR' ? r.weighted([['none', 40], ['part', 40], ['all', 20]] as const) : 'none';
    const nLines = r.int(1, 4);
    let total = 0;
    const poline = Array.from({ length: nLines }, (_, k) => {
      const parity = i % 2;
      const itemIdx = parity + 2 * r.int(0, Math.floor((I - 1 - parity) / 2));
      const item = inventory.generated(itemIdx);
      const orderqty = receive === 'part' && k === 0 ? r.int(2, 20) : r.int(1, 20);
      const unitcost = Math.round(r.float() * 20_000) / 100 + 0.1;
      const linecost = orderqty * unitcost;
      total += linecost;
      const receivedqty = receive === 'all' ? orderqty : receive === 'part' && k === 0 ? 1 : 0;
      return { polinenum: k + 1, itemnum: item.itemnum, itemsetid: ITEMSET, storeloc: s.store, description: item.description, orderqty, orderunit: item.issueunit, unitcost, linecost, receivedqty, linetype: 'ITEM' };
    });
    const ms = poMs(i);
    return {
      ponum: String(1000 + i), revisionnum: 0, siteid: s.siteid, orgid: ORG, description: `Order for ${poline[0].description}`,
      ...withStatus('purchase-orders', status),
      vendor: vendor.company, vendor_description: vendor.name, currencycode: 'USD',
      orderdate: maximoDate(ms - r.int(1, 30) * 86_400_000, s.offset), requireddate: maximoDate(ms + r.int(5, 40) * 86_400_000, s.offset),
      totalcost: total,
      cx_projectcode: r.chance(0.5) ? `PRJ-${r.int(100, 999)}` : null,
      poline,
      changedate: maximoDate(ms, s.offset), _rowstamp: rowstamp(50_000, i),
    };
  }, poMs, (key) => {
    const [ponum, rev, siteid] = key.split('/');
    const i = Number(ponum) - 1000;
    return Number.isInteger(i) && rev === '0' && SITES[i % 2]?.siteid === siteid ? i : null;
  });

  // ---- work orders: pairs share a changedate (the key breaks the tie)
  const W = Math.max(0, sizes.workOrders);
  const woMs = (i: number) => ANCHOR_MS - (Math.ceil(W / 2) - Math.floor(i / 2)) * 61_000;
  const workOrders = new Table('work-orders', W, (i) => {
    const r = rng('wo', i);
    const s = site(i);
    const ms = woMs(i);
    const status = r.weighted([['WAPPR', 10], ['WAITAPPR', 4], ['APPR', 15], ['WSCH', 8], ['WMATL', 6], ['WPCOND', 3], ['INPRG', 15], ['COMP', 10], ['FIELDDONE', 4], ['CLOSE', 20], ['CAN', 5]] as const);
    const max = domains['work-orders'].get(status) ?? status;
    const assetIdx = (i % 2) + 2 * r.int(0, Math.floor((A - 1 - (i % 2)) / 2));
    const asset = assets.generated(assetIdx);
    const reported = ms - r.int(1, 60) * 86_400_000;
    const done = max === 'COMP' || max === 'CLOSE';
    return {
      wonum: String(100000 + i), siteid: s.siteid, orgid: ORG, woclass: 'WORKORDER',
      description: `${r.pick(TITLES)} (${asset.assetnum})`,
      description_longdescription: r.chance(0.5) ? `<p>${r.pick(TITLES)}. Follow the job plan and lock out the equipment first.</p>` : null,
      ...withStatus('work-orders', status),
      worktype: r.weighted([['CM', 40], ['PM', 35], ['EM', 8], ['INSP', 10], ['CP', 3], [null, 4]] as const),
      wopriority: r.chance(0.1) ? null : r.int(1, 4),
      assetnum: asset.assetnum, location: asset.location,
      lead: r.chance(0.8) ? r.pick(PEOPLE) : null,
      reportdate: maximoDate(reported, s.offset),
      targcompdate: r.chance(0.7) ? maximoDate(reported + r.int(2, 30) * 86_400_000, s.offset) : null,
      actfinish: done ? maximoDate(ms - r.int(0, 3) * 3_600_000, s.offset) : null,
      historyflag: max === 'CLOSE' || max === 'CAN', istask: false,
      cx_shutdownreq: r.chance(0.2), cx_costcenter: `CC-${r.int(100, 140)}`,
      changedate: maximoDate(ms, s.offset), _rowstamp: rowstamp(1_000_000, i),
    };
  }, woMs, (key) => {
    const [num, siteid] = key.split('/');
    if (!/^\d{6}$/.test(num)) return null;
    const i = Number(num) - 100000;
    return SITES[i % 2]?.siteid === siteid ? i : null;
  });

  const readings = new Table('meter-readings', G, (g) => {
    const { assetIdx, meter, value, ms } = readingOf(g);
    const asset = assets.generated(assetIdx);
    const s = site(assetIdx);
    return {
      meterreadingid: 500_000 + g, assetnum: asset.assetnum, siteid: s.siteid, orgid: ORG, metername: meter.metername,
      reading: meter.metertype === 'GAUGE' ? value : String(value), readingdate: maximoDate(ms, s.offset), inspector: PEOPLE[g % PEOPLE.length],
      remarks: null, enterby: 'MXINTADM', enterdate: maximoDate(readingMs(g), s.offset), _rowstamp: rowstamp(2_000_000, g),
    };
  }, readingMs, (key) => {
    const g = Number(key) - 500_000;
    return Number.isInteger(g) ? g : null;
  });

  // ---- service requests: some became work orders (a FOLLOWUP related record)
  const S = Math.max(3, sizes.serviceRequests);
  const srMs = strictMs(S, 3000);
  const serviceRequests = new Table('service-requests', S, (i) => {
    const r = rng('sr', i);
    const s = site(i);
    const status = i === 0 ? 'INPROG' : i === 1 ? 'NEW' : i === 2 ? 'CLOSED' : r.weighted([['NEW', 20], ['QUEUED', 15], ['INPROG', 20], ['PENDING', 5], ['RESOLVED', 15], ['CLOSED', 20], ['CANCELLED', 5]] as const);
    const assetIdx = (i % 2) + 2 * r.int(0, Math.floor((A - 1 - (i % 2)) / 2));
    const asset = assets.generated(assetIdx);
    const woIdx = W > 1 ? (i % 2) + 2 * r.int(0, Math.floor((W - 1 - (i % 2)) / 2)) : null;
    const followup = (status === 'INPROG' || status === 'RESOLVED' || status === 'CLOSED') && woIdx !== null ? workOrders.generated(woIdx) : null;
    return {
      ticketid: String(1000 + i), class: 'SR', siteid: s.siteid, orgid: ORG,
      description: `${r.pick(['Noise from', 'Leak at', 'Guard missing on', 'Smell near'])} ${String(asset.description).toLowerCase()}`,
      description_longdescription: r.chance(0.4) ? '<p>Reported by the operator on the floor.</p>' : null,
      ...withStatus('service-requests', status),
      reportedpriority: r.chance(0.1) ? null : r.int(1, 4),
      assetnum: asset.assetnum, location: asset.location, reportedby: r.pick(PEOPLE),
      reportdate: maximoDate(srMs(i) - r.int(1, 20) * 3_600_000, s.offset),
      relatedrecord: followup ? [{ relatedrecclass: 'WORKORDER', relatedreckey: followup.wonum, relatedrecsiteid: followup.siteid, relatetype: 'FOLLOWUP' }] : [],
      changedate: maximoDate(srMs(i), s.offset), _rowstamp: rowstamp(3_000_000, i),
    };
  }, srMs, (key) => {
    const [cls, ticket] = key.split('/');
    const i = Number(ticket) - 1000;
    return cls === 'SR' && Number.isInteger(i) ? i : null;
  });

  // ---- preventive maintenance: calendar PMs, and every third on a metered asset's run hours
  const M = Math.max(3, sizes.pms);
  const pmMs = strictMs(M, 5000);
  const FREQ = [[1, 'MONTHS'], [3, 'MONTHS'], [1, 'WEEKS'], [1, 'YEARS'], [45, 'DAYS']] as const;
  const maintenancePlans = new Table('maintenance-plans', M, (i) => {
    const r = rng('pm', i);
    const onMeter = i % 3 === 2;
    const assetIdx = onMeter ? (Math.floor(i / 3) % meteredAssets) * METERED_EVERY : (i % 2) + 2 * r.int(0, Math.floor((A - 1 - (i % 2)) / 2));
    const asset = assets.generated(assetIdx);
    const s = SITES.find((x) => x.siteid === asset.siteid)!;
    const [frequency, frequnit] = FREQ[i % FREQ.length];
    const status = i === 1 ? 'INACTIVE' : 'ACTIVE';
    return {
      pmnum: `PM${String(100 + i)}`, siteid: s.siteid, orgid: ORG, description: `${r.pick(['Lubricate', 'Inspect', 'Service', 'Calibrate'])} ${String(asset.description).toLowerCase()}`,
      ...withStatus('maintenance-plans', status),
      assetnum: asset.assetnum, location: asset.location,
      frequency: onMeter ? null : frequency, frequnit: onMeter ? null : frequnit,
      nextdate: status === 'ACTIVE' ? maximoDate(ANCHOR_MS + r.int(1, 90) * 86_400_000, s.offset) : null,
      pmmeter: onMeter ? [{ metername: 'RUNHOURS', frequency: r.pick([250, 500, 1000]), lastpmwogenread: 1000 }] : [],
      changedate: maximoDate(pmMs(i), s.offset), _rowstamp: rowstamp(4_000_000, i),
    };
  }, pmMs, (key) => {
    const [pmnum, siteid] = key.split('/');
    const i = Number(pmnum.replace(/^PM/, '')) - 100;
    return Number.isInteger(i) && /^PM\d+$/.test(pmnum) && SITES.some((x) => x.siteid === siteid) ? i : null;
  });

  // ---- purchase requisitions: the completed ones name the purchase order their lines went to
  const Q = Math.max(6, sizes.requisitions);
  const prMs = strictMs(Q, 4000);
  const requisitions = new Table('purchase-requisitions', Q, (i) => {
    const r = rng('pr', i);
    const s = site(i);
    const status = (['WAPPR', 'APPR', 'INPRG', 'COMP', 'CAN', 'WAITAPPR'] as const)[i % 6];
    const po = status === 'COMP' ? purchaseOrders.generated((i % 2) + 2 * r.int(0, Math.floor((P - 1 - (i % 2)) / 2))) : null;
    const lines = po
      ? (po.poline as Rec[]).map((l, k) => ({ prlinenum: k + 1, itemnum: l.itemnum, itemsetid: ITEMSET, storeloc: l.storeloc, description: l.description, orderqty: l.orderqty, orderunit: l.orderunit, unitcost: l.unitcost, linecost: l.linecost, ponum: po.ponum, polinenum: l.polinenum }))
      : Array.from({ length: r.int(1, 3) }, (_, k) => {
        const item = inventory.generated((i % 2) + 2 * r.int(0, Math.floor((I - 1 - (i % 2)) / 2)));
        const orderqty = r.int(1, 12);
        const unitcost = Math.round(r.float() * 20_000) / 100 + 0.1;
        return { prlinenum: k + 1, itemnum: item.itemnum, itemsetid: ITEMSET, storeloc: s.store, description: item.description, orderqty, orderunit: item.issueunit, unitcost, linecost: orderqty * unitcost, ponum: null, polinenum: null };
      });
    return {
      prnum: String(2000 + i), siteid: s.siteid, orgid: ORG, description: `Requisition for ${String(lines[0].description)}`,
      ...withStatus('purchase-requisitions', status),
      requestedby: r.pick(PEOPLE), currencycode: 'USD', totalcost: lines.reduce((sum, l) => sum + Number(l.linecost), 0),
      issuedate: maximoDate(prMs(i) - r.int(1, 10) * 86_400_000, s.offset), prline: lines,
      changedate: maximoDate(prMs(i), s.offset), _rowstamp: rowstamp(5_000_000, i),
    };
  }, prMs, (key) => {
    const [prnum, siteid] = key.split('/');
    const i = Number(prnum) - 2000;
    return Number.isInteger(i) && SITES[i % 2]?.siteid === siteid ? i : null;
  });

  return {
    tables: {
      locations, vendors, assets, 'inventory-items': inventory, 'purchase-orders': purchaseOrders, 'work-orders': workOrders,
      'meter-readings': readings, 'service-requests': serviceRequests, 'maintenance-plans': maintenancePlans, 'purchase-requisitions': requisitions,
    },
    domains,
    sizes: { ...sizes, locations: L, vendors: V, assets: A, inventory: I, purchaseOrders: P, workOrders: W, serviceRequests: S, pms: M, requisitions: Q },
  };
}

export { siteOffset };
