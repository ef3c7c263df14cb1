// The sandbox's bundled data: a deterministic generator of a small but realistic
// plant (sites → plants → areas and storerooms, equipment with sub-components,
// spares, vendors, purchase orders, work orders) in the sandbox system's own raw
// shapes. Output is a pure function of (seed, scale): timestamps come from the
// seed, never from the clock, and money is computed on integer cents.
import { Rng } from './prng.js';
import type { EquipmentSpec } from './catalog.js';
import { formatCents } from '../kit/money.js';
import {
  BUYERS, CITIES_CA, CITIES_US, COST_CENTERS, EQUIPMENT, OUT_OF_STOCK_PART_INDEX, PARTS, PAYMENT_TERMS,
  REQUESTERS, SERVICE_LINES, SITES, STREETS, STREET_KINDS, TECHNICIANS, VENDOR_NAMES, VENDOR_PREFIXES,
  VENDOR_TRADES, WORK_TEMPLATES,
} from './catalog.js';
import type {
  Extra, RawAsset, RawInventoryItem, RawLocation, RawMaintenancePlan, RawMeter, RawMeterReading, RawPoLine, RawPurchaseOrder,
  RawRequisition, RawServiceRequest, RawVendor, RawWorkOrder, SandboxData,
} from './raw.js';

export type { SandboxData } from './raw.js';

export const DEFAULT_SEED = 20260501;

/** Every timestamp the generator produces lies in this window. */
export const SANDBOX_WINDOW = { start: '2026-01-01T00:00:00Z', end: '2026-11-01T00:00:00Z' } as const;

export interface GenerateOptions {
  seed?: number;
  /** Multiplier on record counts (1 ≈ 300 records; 125 ≈ 10,000 work orders). */
  scale?: number;
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const START = Date.parse(SANDBOX_WINDOW.start);
const END = Date.parse(SANDBOX_WINDOW.end);
/** The day the customer's data was imported into the system: most master data dates from it. */
const IMPORT = Date.UTC(2026, 0, 2, 6, 0, 0);

/** ISO-8601 UTC at whole seconds, not clamped (dates ahead of the data: next due dates). */
const isoFree = (ms: number): string => new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('.000Z', 'Z');

/** ISO-8601 UTC at whole seconds, clamped to the window: "2026-05-03T08:00:00Z". */
export function isoAt(ms: number): string {
  const clamped = Math.min(END, Math.max(START, Math.floor(ms / SECOND) * SECOND));
  return new Date(clamped).toISOString().replace('.000Z', 'Z');
}

function count(base: number, scale: number, min: number): number {
  return Math.max(min, Math.round(base * scale));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A random instant between two times, at whole seconds. */
function between(rng: Rng, from: number, to: number): number {
  if (to <= from) return from;
  return from + rng.int(0, Math.floor((to - from) / SECOND)) * SECOND;
}

/** Master data: imported on day 2, then touched now and then over the year. */
function masterDates(rng: Rng, pChanged: number): { createdAt: string; lastModified: string } {
  const created = rng.chance(0.85) ? IMPORT : between(rng, IMPORT, END - 60 * DAY);
  const modified = rng.chance(pChanged) ? between(rng, created, END - DAY) : created;
  return { createdAt: isoAt(created), lastModified: isoAt(modified) };
}

/** Lays out `guaranteed` first (so every state appears), fills up by weight, then shuffles. */
function distribution<T>(rng: Rng, n: number, guaranteed: readonly T[], weights: readonly (readonly [T, number])[]): T[] {
  const out = guaranteed.slice(0, n);
  while (out.length < n) out.push(rng.weighted(weights));
  return rng.shuffle(out);
}

// ---------------------------------------------------------------- locations

interface Storeroom {
  id: string;
  currency: string;
  siteIndex: number;
}

interface Area {
  id: string;
  name: string;
  siteIndex: number;
}

interface LocationsResult {
  records: RawLocation[];
  areas: Area[];
  storerooms: Storeroom[];
}

function generateLocations(seed: number, scale: number): LocationsResult {
  const rng = new Rng(seed, 'locations');
  const records: RawLocation[] = [];
  const areas: Area[] = [];
  const storerooms: Storeroom[] = [];
  // Larger scales add production cells to every plant rather than inventing sites.
  const extraCells = Math.max(0, Math.floor(Math.sqrt(scale)) - 1);
  const add = (code: string, name: string, kind: string, parent: string | null, timeZone: string): string => {
    const locationId = `LOC-${pad(records.length + 1, 4)}`;
    records.push({ locationId, locationCode: code, name, kind, parentLocationId: parent, timeZone, ...masterDates(rng, 0.15) });
    return locationId;
  };
  SITES.forEach((site, siteIndex) => {
    const siteId = add(site.code, site.name, 'SITE', null, site.timeZone);
    for (const plant of site.plants) {
      const plantCode = `${site.code}-${plant.code}`;
      const plantId = add(plantCode, plant.name, 'PLANT', siteId, site.timeZone);
      const cells = Array.from({ length: extraCells }, (_, i) => [`C${pad(i + 1, 2)}`, `${plant.name} Production Cell ${pad(i + 1, 2)}`, 'AREA'] as const);
      for (const [code, name, kind] of [...plant.areas, ...cells]) {
        areas.push({ id: add(`${plantCode}-${code}`, name, kind, plantId, site.timeZone), name, siteIndex });
      }
      for (const [code, name] of plant.stores) {
        storerooms.push({ id: add(`${plantCode}-${code}`, name, 'STORES', plantId, site.timeZone), currency: site.currency, siteIndex });
      }
    }
  });
  return { records, areas, storerooms };
}

// ---------------------------------------------------------------- vendors

function vendorName(i: number): string {
  if (i < VENDOR_NAMES.length) return VENDOR_NAMES[i];
  const k = i - VENDOR_NAMES.length;
  const combos = VENDOR_PREFIXES.length * VENDOR_TRADES.length;
  const base = `${VENDOR_PREFIXES[k % VENDOR_PREFIXES.length]} ${VENDOR_TRADES[Math.floor(k / VENDOR_PREFIXES.length) % VENDOR_TRADES.length]}`;
  const round = Math.floor(k / combos);
  return round === 0 ? base : `${base} ${round + 1}`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Fixed positions so the default data always has its blocked and on-hold vendors. */
const BLOCKED_VENDOR_INDEX = 5;
const ON_HOLD_VENDOR_INDEX = 17;

function generateVendors(seed: number, n: number): RawVendor[] {
  const rng = new Rng(seed, 'vendors');
  const out: RawVendor[] = [];
  for (let i = 0; i < n; i++) {
    const legalName = vendorName(i);
    const canadian = i % 6 === 4;
    const [city, region, zip] = canadian ? rng.pick(CITIES_CA) : rng.pick(CITIES_US);
    const postalCode = canadian ? `${zip} ${rng.int(1, 9)}${rng.alnum(1)}${rng.int(1, 9)}` : `${zip}${pad(rng.int(1, 99), 2)}`;
    let state = 'ACTIVE';
    const extra: Extra = {};
    if (i === BLOCKED_VENDOR_INDEX || (i >= VENDOR_NAMES.length && rng.chance(0.03))) {
      state = 'BLOCKED';
      extra.blockReason = 'Failed supplier quality audit';
    } else if (i === ON_HOLD_VENDOR_INDEX) {
      state = 'ON_HOLD';
      extra.blockReason = 'Insurance certificate expired';
    }
    if (rng.chance(0.3)) extra.supplierRating = rng.pick(['A', 'B', 'C']);
    out.push({
      supplierCode: `V-${1001 + i}`,
      legalName,
      state,
      contact: {
        email: i % 11 === 9 ? null : `orders@${slug(legalName)}.example.com`,
        phone: i % 13 === 12 ? null : `+1-${canadian ? '416' : '312'}-555-${pad(100 + (i % 100), 4)}`,
      },
      address: i % 17 === 16 ? null : {
        line1: `${rng.int(100, 9999)} ${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)}`,
        city,
        region,
        postalCode,
        country: canadian ? 'CA' : 'US',
      },
      paymentTerms: rng.weighted(PAYMENT_TERMS),
      ...masterDates(rng, 0.3),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    });
  }
  return out;
}

// ---------------------------------------------------------------- inventory

function generateInventory(seed: number, n: number, storerooms: Storeroom[]): RawInventoryItem[] {
  const rng = new Rng(seed, 'inventory-items');
  const out: RawInventoryItem[] = [];
  const T = PARTS.length;
  const S = storerooms.length;
  for (let i = 0; i < n; i++) {
    const partIndex = i % T;
    const round = Math.floor(i / T);
    const part = PARTS[partIndex];
    // (part, storeroom) stays unique: each round moves a part to the next storeroom; past all of them, a variant.
    const store = storerooms[(partIndex + round) % S];
    const variant = Math.floor(round / S);
    const cost = rng.int(part.costCents[0], part.costCents[1]);
    const outOfStock = (round === 0 && partIndex === OUT_OF_STOCK_PART_INDEX) || rng.chance(0.04);
    const onHand = outOfStock ? 0 : cost > 50000 ? rng.int(1, 4) : rng.int(2, 80);
    const minLevel = rng.chance(0.1) ? null : cost > 50000 ? 1 : rng.int(2, 12);
    out.push({
      itemId: `INV-${pad(i + 1, 5)}`,
      partNumber: variant === 0 ? part.partNumber : `${part.partNumber}-V${variant + 1}`,
      description: part.description,
      storeroomId: store.id,
      onHand,
      allocated: onHand > 0 ? rng.int(0, Math.floor(onHand / 3)) : 0,
      uom: part.uom,
      minLevel,
      maxLevel: minLevel === null ? null : minLevel * rng.int(3, 6),
      avgUnitCost: formatCents(cost),
      currencyCode: store.currency,
      binLocation: `${rng.pick(['A', 'B', 'C', 'D', 'E', 'F'])}-${pad(rng.int(1, 12), 2)}-${rng.int(1, 5)}`,
      category: part.category,
      ...masterDates(rng, 0.6),
    });
  }
  return out;
}

// ---------------------------------------------------------------- assets

/** Asset conditions forced on early groups so every unified status appears at scale 1. */
const FORCED_CONDITIONS: Record<number, string> = { 1: 'DOWN', 3: 'RETIRED', 5: 'STANDBY', 7: 'UNDER_REPAIR' };

function generateAssets(seed: number, n: number, areas: Area[]): RawAsset[] {
  const rng = new Rng(seed, 'assets');
  const out: RawAsset[] = [];
  const weights = EQUIPMENT.map((g) => [g, g.weight] as const);
  for (let g = 0; out.length < n; g++) {
    // The first group is always a pump with its motor: the canonical parent/child example.
    const group = g === 0 ? EQUIPMENT[0] : rng.weighted(weights);
    const area = areas[g % areas.length];
    const tagNo = 101 + g;
    const condition = FORCED_CONDITIONS[g] ?? rng.weighted([['IN_SERVICE', 75], ['STANDBY', 8], ['DOWN', 6], ['UNDER_REPAIR', 5], ['RETIRED', 6]] as const);
    const make = (spec: EquipmentSpec, parentId: string | null, cond: string): string => {
      const [mk, model] = rng.pick(spec.makes);
      const assetId = `AST-${pad(out.length + 1, 4)}`;
      const dates = masterDates(rng, 0.35);
      out.push({
        assetId,
        tagNumber: `${spec.tagPrefix}-${tagNo}`,
        description: spec.name(tagNo),
        condition: cond,
        locationId: area.id,
        parentAssetId: parentId,
        make: mk,
        modelNo: model,
        serialNo: rng.chance(0.1) ? null : `${mk.slice(0, 2).toUpperCase()}${rng.alnum(8)}`,
        criticality: rng.weighted([['A', 20], ['B', 50], ['C', 30]] as const),
        yearInstalled: rng.int(2006, 2025),
        ...dates,
      });
      return assetId;
    };
    const parentId = make(group.parent, null, condition);
    for (const child of group.children) {
      if (out.length >= n) break;
      // A retired machine retires its components; a running one may have a failed component.
      const childCondition = condition === 'RETIRED' ? 'RETIRED' : rng.weighted([['IN_SERVICE', 85], ['DOWN', 8], ['UNDER_REPAIR', 7]] as const);
      make(child, parentId, childCondition);
    }
  }
  return out;
}

// ---------------------------------------------------------------- purchase orders

const PO_GUARANTEED = [
  'DRAFT', 'DRAFT', 'DRAFT',
  'SUBMITTED', 'SUBMITTED', 'SUBMITTED',
  'APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'ISSUED', 'ISSUED',
  'PARTIALLY_RECEIVED', 'PARTIALLY_RECEIVED', 'PARTIALLY_RECEIVED',
  'RECEIVED', 'RECEIVED', 'CLOSED',
  'CANCELLED', 'CANCELLED', 'CANCELLED',
] as const;
const PO_WEIGHTS = [
  ['DRAFT', 8], ['SUBMITTED', 10], ['APPROVED', 14], ['ISSUED', 10], ['PARTIALLY_RECEIVED', 10],
  ['RECEIVED', 20], ['CLOSED', 18], ['CANCELLED', 6],
] as const;

function generatePurchaseOrders(
  seed: number, n: number, vendors: RawVendor[], items: RawInventoryItem[], storerooms: Storeroom[],
): RawPurchaseOrder[] {
  const rng = new Rng(seed, 'purchase-orders');
  const states = distribution<string>(rng, n, PO_GUARANTEED, PO_WEIGHTS);
  const activeVendors = vendors.filter((v) => v.state === 'ACTIVE');
  const blockedVendor = vendors.find((v) => v.state === 'BLOCKED') ?? null;
  const outOfStock = items.find((it) => it.onHand === 0) ?? null;
  const itemsByStore = new Map<string, RawInventoryItem[]>();
  for (const it of items) itemsByStore.set(it.storeroomId, [...(itemsByStore.get(it.storeroomId) ?? []), it]);
  // The two error cases the README's unified API documents: one order stuck on a blocked vendor, one approved order for an item now out of stock.
  const blockedIndex = states.indexOf('SUBMITTED');
  const outOfStockIndex = states.indexOf('APPROVED');

  const out: RawPurchaseOrder[] = [];
  for (let i = 0; i < n; i++) {
    const state = states[i];
    const vendor = i === blockedIndex && blockedVendor ? blockedVendor : rng.pick(activeVendors);
    const mustHave = i === outOfStockIndex ? outOfStock : null;
    const store = mustHave ? storerooms.find((s) => s.id === mustHave.storeroomId)! : rng.pick(storerooms);

    const created = between(rng, START + 2 * DAY, END - 20 * DAY);
    // Drafts and submitted orders have not been sent to the vendor yet; half the cancelled ones had been.
    const placed = state === 'CANCELLED' ? rng.chance(0.5) : state !== 'DRAFT' && state !== 'SUBMITTED';
    const ordered = placed ? created + rng.int(0, 4) * DAY + rng.int(0, 8) * HOUR : null;
    const deliver = ordered !== null ? ordered + rng.int(7, 40) * DAY : state === 'DRAFT' ? null : created + rng.int(14, 45) * DAY;
    let modified: number;
    switch (state) {
      case 'DRAFT': modified = created + between(rng, 0, 3 * DAY); break;
      case 'SUBMITTED': modified = created + between(rng, HOUR, 5 * DAY); break;
      case 'APPROVED': case 'ISSUED': modified = (ordered ?? created) + between(rng, 0, 2 * DAY); break;
      case 'PARTIALLY_RECEIVED': modified = (ordered ?? created) + between(rng, 5 * DAY, 30 * DAY); break;
      case 'RECEIVED': modified = (deliver ?? created) + between(rng, -3 * DAY, 5 * DAY); break;
      case 'CLOSED': modified = (deliver ?? created) + between(rng, 5 * DAY, 20 * DAY); break;
      default: modified = created + between(rng, DAY, 20 * DAY);
    }
    modified = Math.max(modified, ordered ?? created, created);

    // lines: stock items from the ship-to storeroom, now and then a service line
    const pool = rng.shuffle([...(itemsByStore.get(store.id) ?? [])].filter((it) => it !== mustHave));
    const nLines = rng.weighted([[1, 35], [2, 25], [3, 20], [4, 12], [5, 8]] as const);
    const lines: RawPoLine[] = [];
    let total = 0;
    for (let l = 0; l < nLines; l++) {
      const item = l === 0 && mustHave ? mustHave : rng.chance(0.1) ? null : pool.pop() ?? null;
      let qty: number;
      let priceCents: number;
      let description: string;
      let uom: string;
      if (item) {
        const cost = Math.round(Number(item.avgUnitCost ?? '0') * 100);
        priceCents = Math.round((cost * rng.int(90, 115)) / 100);
        qty = cost > 50000 ? rng.int(1, 4) : rng.int(1, 24);
        description = item.description;
        uom = item.uom;
      } else {
        const svc = rng.pick(SERVICE_LINES);
        qty = rng.int(svc.qty[0], svc.qty[1]);
        priceCents = rng.int(svc.costCents[0], svc.costCents[1]);
        description = svc.description;
        uom = svc.uom;
      }
      if (state === 'PARTIALLY_RECEIVED' && l === 0) qty = Math.max(qty, 2);
      const amount = qty * priceCents; // integer cents: exact
      total += amount;
      let received = 0;
      if (state === 'RECEIVED' || state === 'CLOSED') received = qty;
      else if (state === 'PARTIALLY_RECEIVED') received = l === 0 ? Math.floor(qty / 2) : rng.int(0, qty);
      lines.push({
        lineNo: (l + 1) * 10,
        itemId: item?.itemId ?? null,
        partNumber: item?.partNumber ?? null,
        description,
        qtyOrdered: qty,
        uom,
        unitPrice: formatCents(priceCents),
        lineTotal: formatCents(amount),
        qtyReceived: received,
      });
    }

    const extra: Extra = {};
    if (i === 0 || i === 1 || rng.chance(0.45)) extra.costCenter = rng.pick(COST_CENTERS);
    if (i === 0 || rng.chance(0.2)) extra.projectCode = `PRJ-2026-${pad(rng.int(10, 45), 3)}`;
    if (rng.chance(0.3)) extra.requisitionNo = `REQ-${rng.int(20000, 29999)}`;

    out.push({
      poNumber: `PO-${10001 + i}`,
      state,
      supplierCode: vendor.supplierCode,
      supplierName: vendor.legalName,
      currencyCode: store.currency,
      orderedOn: ordered === null ? null : isoAt(ordered),
      deliverBy: deliver === null ? null : isoAt(deliver),
      shipToLocationId: store.id,
      buyer: rng.pick(BUYERS),
      paymentTerms: vendor.paymentTerms,
      lineItems: lines,
      orderTotal: formatCents(total),
      createdAt: isoAt(created),
      lastModified: isoAt(modified),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    });
  }
  return out;
}

// ---------------------------------------------------------------- work orders

const WO_GUARANTEED = ['REQUESTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS', 'ON_HOLD', 'WAITING_PARTS', 'COMPLETED', 'CLOSED', 'CANCELLED'].flatMap((s) => [s, s, s]);
const WO_WEIGHTS = [
  ['REQUESTED', 10], ['APPROVED', 8], ['SCHEDULED', 10], ['IN_PROGRESS', 10], ['ON_HOLD', 4], ['WAITING_PARTS', 4],
  ['COMPLETED', 12], ['CLOSED', 25], ['CANCELLED', 5],
] as const;
const PRIORITY_GUARANTEED = ['P1', 'P2', 'P3', 'P4'].flatMap((p) => [p, p, p]);
const PRIORITY_WEIGHTS = [['P1', 5], ['P2', 20], ['P3', 50], ['P4', 25]] as const;
const TYPE_GUARANTEED = ['CM', 'EM', 'PM', 'PDM', 'INSP', 'PROJ'].flatMap((t) => [t, t]);
const TYPE_WEIGHTS = [['CM', 30], ['EM', 5], ['PM', 35], ['PDM', 8], ['INSP', 15], ['PROJ', 7]] as const;
const DUE_DAYS: Record<string, readonly [number, number]> = { P1: [0, 1], P2: [1, 5], P3: [5, 20], P4: [10, 45] };
const HOURS = [0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16] as const;

function generateWorkOrders(seed: number, n: number, assets: RawAsset[], areas: Area[]): RawWorkOrder[] {
  const rng = new Rng(seed, 'work-orders');
  const states = distribution<string>(rng, n, WO_GUARANTEED, WO_WEIGHTS);
  const priorities = distribution<string>(rng, n, PRIORITY_GUARANTEED, PRIORITY_WEIGHTS);
  const types = distribution<string>(rng, n, TYPE_GUARANTEED, TYPE_WEIGHTS);
  const liveAssets = assets.filter((a) => a.condition !== 'RETIRED');

  const out: RawWorkOrder[] = [];
  for (let i = 0; i < n; i++) {
    const state = states[i];
    const workType = types[i];
    // An emergency is P1 by definition in this system.
    const priority = workType === 'EM' ? 'P1' : priorities[i];
    const templates = WORK_TEMPLATES[workType];
    const onAsset = templates.location.length === 0 || (templates.asset.length > 0 && rng.chance(0.6));
    let asset: RawAsset | null = null;
    let locationId: string;
    let title: string;
    if (onAsset) {
      asset = rng.pick(liveAssets);
      locationId = asset.locationId ?? rng.pick(areas).id;
      title = rng.pick(templates.asset).replace('{tag}', asset.tagNumber).replace('{name}', asset.description);
    } else {
      const area = rng.pick(areas);
      locationId = area.id;
      title = rng.pick(templates.location).replace('{location}', area.name);
    }

    const created = between(rng, START + DAY, END - 45 * DAY);
    const [dueMin, dueMax] = DUE_DAYS[priority] ?? [5, 20];
    const due = created + rng.int(dueMin, dueMax) * DAY + rng.int(0, 8) * HOUR;
    let completed: number | null = null;
    let modified: number;
    switch (state) {
      case 'REQUESTED': modified = created + between(rng, 0, 2 * DAY); break;
      case 'APPROVED': modified = created + between(rng, HOUR, 4 * DAY); break;
      case 'SCHEDULED': modified = created + between(rng, DAY, 7 * DAY); break;
      case 'IN_PROGRESS': case 'ON_HOLD': case 'WAITING_PARTS': modified = created + between(rng, DAY, 14 * DAY); break;
      case 'COMPLETED':
        completed = created + between(rng, 2 * HOUR, (dueMax + 7) * DAY);
        modified = completed;
        break;
      case 'CLOSED':
        completed = created + between(rng, 2 * HOUR, (dueMax + 7) * DAY);
        modified = completed + between(rng, DAY, 10 * DAY);
        break;
      default: modified = created + between(rng, DAY, 20 * DAY);
    }
    const assigned = state === 'REQUESTED' || (state === 'APPROVED' && rng.chance(0.5)) || (state === 'CANCELLED' && rng.chance(0.5))
      ? null
      : rng.pick(TECHNICIANS);

    const extra: Extra = {};
    if ((workType === 'CM' || workType === 'EM') && completed !== null) {
      extra.failureCode = rng.pick(['BRG-WEAR', 'SEAL-LEAK', 'ELEC-TRIP', 'MISALIGN', 'LUB-FAIL']);
      extra.downtimeMinutes = rng.int(15, 480);
    }
    if (rng.chance(0.2)) extra.safetyPermit = `LOTO-${rng.int(1000, 9999)}`;

    out.push({
      woNumber: `WO-${5001 + i}`,
      summary: title,
      details: rng.chance(0.3) ? null : `Raised by ${rng.pick(REQUESTERS)} on ${rng.pick(['day', 'swing', 'night'])} shift. ${rng.pick([
        'Check history before starting.', 'Parts may be needed from stores.', 'Coordinate downtime with production.',
        'Follow the standard job plan.', 'Take photos before and after.',
      ])}`,
      state,
      priority,
      workType,
      assetId: asset?.assetId ?? null,
      locationId,
      assignedTo: assigned,
      requestedBy: rng.pick(REQUESTERS),
      dueBy: isoAt(due),
      completedOn: completed === null ? null : isoAt(completed),
      estimatedHours: rng.pick(HOURS),
      createdAt: isoAt(created),
      lastModified: isoAt(modified),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    });
  }
  return out;
}


// ---------------------------------------------------------------- meters and readings

/** Which equipment carries meters, and which: tag prefix → meters (name, kind, unit, the alarm level, a normal band). */
const METERED: Record<string, readonly { name: string; kind: 'GAUGE' | 'COUNTER' | 'CHECK'; uom: string | null; alarm: number | null; band: readonly [number, number] }[]> = {
  P: [
    { name: 'Bearing vibration', kind: 'GAUGE', uom: 'mm/s', alarm: 7.1, band: [1.8, 4.2] },
    { name: 'Run hours', kind: 'COUNTER', uom: 'h', alarm: null, band: [90, 160] },
  ],
  FP: [
    { name: 'Discharge pressure', kind: 'GAUGE', uom: 'bar', alarm: 16, band: [9, 12] },
    { name: 'Run hours', kind: 'COUNTER', uom: 'h', alarm: null, band: [60, 150] },
  ],
  M: [
    { name: 'Winding temperature', kind: 'GAUGE', uom: '°C', alarm: 120, band: [62, 88] },
    { name: 'Run hours', kind: 'COUNTER', uom: 'h', alarm: null, band: [90, 160] },
  ],
  FM: [{ name: 'Winding temperature', kind: 'GAUGE', uom: '°C', alarm: 120, band: [55, 80] }],
};
/** A visual round on the first pump: the seal is checked, not measured. */
const SEAL_CHECK = { name: 'Seal leak check', values: ['OK', 'WEEPING', 'LEAKING'] } as const;
/** Rounds every two weeks over the data window (a reading history without bulk). */
const ROUND_EVERY = 14 * DAY;

const tagPrefix = (a: RawAsset) => a.tagNumber.replace(/-\d+$/, '');
const fixed = (v: number, places: number) => v.toFixed(places);

interface MetersResult { meters: RawMeter[]; readings: RawMeterReading[] }

function generateMeters(seed: number, assets: RawAsset[]): MetersResult {
  const rng = new Rng(seed, 'meters');
  const meters: RawMeter[] = [];
  const readings: RawMeterReading[] = [];
  const metered = assets.filter((a) => METERED[tagPrefix(a)] && a.condition !== 'RETIRED');
  let firstPump = true;
  for (const asset of metered) {
    const specs: { name: string; kind: string; uom: string | null; alarm: number | null; band: readonly [number, number]; values?: readonly string[] }[] = [...METERED[tagPrefix(asset)]];
    const crossing = firstPump && tagPrefix(asset) === 'P';
    if (crossing) specs.push({ name: SEAL_CHECK.name, kind: 'CHECK', uom: null, alarm: null, band: [0, 0], values: SEAL_CHECK.values });
    for (const spec of specs) {
      const meterId = `MTR-${pad(meters.length + 1, 4)}`;
      const created = Math.max(Date.parse(asset.createdAt), IMPORT);
      let at = created + rng.int(1, 10) * DAY + rng.int(6, 16) * HOUR;
      let total = rng.int(2000, 30000);
      const rows: RawMeterReading[] = [];
      const n = Math.floor((END - DAY - at) / ROUND_EVERY);
      for (let k = 0; k <= n; k++, at += ROUND_EVERY + rng.int(-12, 12) * HOUR) {
        let value: string;
        if (spec.kind === 'COUNTER') { total += rng.int(spec.band[0], spec.band[1]); value = String(total); }
        else if (spec.kind === 'CHECK') value = k >= n - 1 ? 'WEEPING' : 'OK';
        else {
          const [lo, hi] = spec.band;
          // the first pump's bearing wears: its vibration climbs over the last rounds and crosses the alarm level on the last one
          const worn = crossing && spec.alarm !== null && k > n - 4;
          value = fixed(worn ? lo + (hi - lo) * 0.3 + (k - (n - 4)) * 1.3 : lo + rng.float() * (hi - lo), 1);
        }
        const readAt = isoAt(at);
        rows.push({
          readingId: '', meterId, value, readAt,
          note: crossing && spec.alarm !== null && k === n ? 'Vibration above alarm level: raised a service request' : null,
          recordedBy: rng.pick(TECHNICIANS), createdAt: readAt, lastModified: readAt,
        });
      }
      const last = rows.at(-1) ?? null;
      meters.push({
        meterId, name: `${asset.tagNumber} ${spec.name.toLowerCase()}`, assetId: asset.assetId, locationId: asset.locationId,
        kind: spec.kind, uom: spec.uom, allowedValues: spec.values ? [...spec.values] : null, alarmHigh: spec.alarm === null ? null : String(spec.alarm),
        lastValue: last?.value ?? null, lastReadAt: last?.readAt ?? null,
        createdAt: isoAt(created), lastModified: last?.readAt ?? isoAt(created),
      });
      readings.push(...rows);
    }
    if (tagPrefix(asset) === 'P') firstPump = false;
  }
  // reading numbers follow the order they were taken in, as a system numbers documents
  readings.sort((a, b) => a.readAt.localeCompare(b.readAt) || a.meterId.localeCompare(b.meterId));
  readings.forEach((r, i) => { r.readingId = `RDG-${pad(i + 1, 6)}`; });
  return { meters, readings };
}

// ---------------------------------------------------------------- service requests

const SR_SUBJECTS = [
  'Unusual noise from {name}', 'Leak under {name}', '{name} trips on start-up', 'Guard missing on {name}', 'Oil stain next to {name}',
  'Lighting out in {location}', 'Floor drain blocked in {location}', 'Door does not close in {location}',
] as const;
const SR_GUARANTEED = ['NEW', 'NEW', 'TRIAGED', 'IN_PROGRESS', 'DONE', 'DONE', 'REJECTED'] as const;
const SR_WEIGHTS = [['NEW', 20], ['TRIAGED', 15], ['IN_PROGRESS', 15], ['DONE', 40], ['REJECTED', 10]] as const;

function generateServiceRequests(seed: number, n: number, assets: RawAsset[], areas: Area[], workOrders: RawWorkOrder[], meters: MetersResult): RawServiceRequest[] {
  const rng = new Rng(seed, 'service-requests');
  const states = distribution<string>(rng, n, SR_GUARANTEED, SR_WEIGHTS);
  const live = assets.filter((a) => a.condition !== 'RETIRED');
  // requests that became work orders point at corrective work orders of the right state, each used once
  const pool = (want: readonly string[]) => rng.shuffle(workOrders.filter((w) => want.includes(w.state) && (w.workType === 'CM' || w.workType === 'EM')));
  const inProgress = pool(['APPROVED', 'SCHEDULED', 'IN_PROGRESS', 'ON_HOLD', 'WAITING_PARTS']);
  const done = pool(['COMPLETED', 'CLOSED']);
  const out: RawServiceRequest[] = [];
  for (let i = 0; i < n; i++) {
    const state = states[i];
    const wo = state === 'IN_PROGRESS' ? inProgress.pop() ?? null : state === 'DONE' && rng.chance(0.8) ? done.pop() ?? null : null;
    const asset = wo?.assetId ? live.find((a) => a.assetId === wo.assetId) ?? null : rng.chance(0.7) ? rng.pick(live) : null;
    const area = asset ? areas.find((x) => x.id === asset.locationId) ?? rng.pick(areas) : rng.pick(areas);
    const template = asset ? rng.pick(SR_SUBJECTS.slice(0, 5)) : rng.pick(SR_SUBJECTS.slice(5));
    const reported = wo ? Date.parse(wo.createdAt) - rng.int(1, 20) * HOUR : between(rng, START + DAY, END - 10 * DAY);
    const modified = wo ? Math.max(reported, Date.parse(wo.createdAt)) : state === 'NEW' ? reported : reported + rng.int(1, 96) * HOUR;
    out.push({
      requestNo: `SR-${3001 + i}`,
      subject: wo ? wo.summary : template.replace('{name}', asset?.description ?? '').replace('{location}', area.name),
      details: rng.chance(0.4) ? null : `Reported from the ${rng.pick(['day', 'swing', 'night'])} shift.`,
      state: wo && state === 'DONE' ? 'DONE' : state,
      urgency: wo?.priority ?? rng.weighted([['P1', 5], ['P2', 20], ['P3', 55], ['P4', 20]] as const),
      assetId: asset?.assetId ?? null,
      locationId: wo?.locationId ?? asset?.locationId ?? area.id,
      reportedBy: rng.pick(REQUESTERS),
      reportedAt: isoAt(reported),
      workOrderNo: wo?.woNumber ?? null,
      createdAt: isoAt(reported),
      lastModified: isoAt(modified),
    });
  }
  // the alarm on the first pump's vibration: an urgent request, still open
  const alarm = meters.readings.filter((r) => r.note !== null).at(-1);
  const meter = alarm ? meters.meters.find((m) => m.meterId === alarm.meterId) : undefined;
  if (alarm && meter) {
    const at = Date.parse(alarm.readAt) + 20 * 60_000;
    out.push({
      requestNo: `SR-${3001 + out.length}`, subject: `High vibration on ${meter.name.replace(/ bearing vibration$/, '')}: ${alarm.value} ${meter.uom ?? ''}`.trim(),
      details: `Reading ${alarm.readingId} is above the alarm level of ${meter.alarmHigh} ${meter.uom ?? ''}.`.replace(/\s+\./, '.'),
      state: 'NEW', urgency: 'P1', assetId: meter.assetId, locationId: meter.locationId, reportedBy: alarm.recordedBy,
      reportedAt: isoAt(at), workOrderNo: null, createdAt: isoAt(at), lastModified: isoAt(at), extra: { source: 'condition monitoring', readingId: alarm.readingId },
    });
  }
  return out;
}

// ---------------------------------------------------------------- maintenance plans

const PLAN_CYCLES = [
  { title: 'Monthly lubrication of {name}', every: 1, unit: 'MONTH' },
  { title: 'Quarterly inspection of {name}', every: 3, unit: 'MONTH' },
  { title: 'Weekly walk-down of {name}', every: 1, unit: 'WEEK' },
  { title: 'Annual overhaul of {name}', every: 1, unit: 'YEAR' },
  { title: 'Filter change on {name} every 45 days', every: 45, unit: 'DAY' },
] as const;
const UNIT_DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 30, YEAR: 365 };

function generateMaintenancePlans(seed: number, n: number, assets: RawAsset[], meters: RawMeter[], workOrders: RawWorkOrder[]): RawMaintenancePlan[] {
  const rng = new Rng(seed, 'maintenance-plans');
  const parents = assets.filter((a) => a.parentAssetId === null && a.condition !== 'RETIRED');
  const counters = meters.filter((m) => m.kind === 'COUNTER');
  const pms = workOrders.filter((w) => w.workType === 'PM');
  const out: RawMaintenancePlan[] = [];
  for (let i = 0; i < n && parents.length; i++) {
    // every fourth plan runs on a run-hours counter; one plan is switched off
    const counter = i % 4 === 3 && counters.length ? counters[(i >> 2) % counters.length] : null;
    const asset = counter ? assets.find((a) => a.assetId === counter.assetId)! : parents[i % parents.length];
    const created = Math.max(Date.parse(asset.createdAt), IMPORT) + rng.int(0, 20) * DAY;
    const enabled = i !== 2;
    const cycle = PLAN_CYCLES[i % PLAN_CYCLES.length];
    const last = enabled ? between(rng, END - 40 * DAY, END - DAY) : null;
    const schedule: RawMaintenancePlan['schedule'] = counter ? { kind: 'METER', every: rng.pick([500, 1000, 2000]), meterId: counter.meterId } : { kind: 'CALENDAR', every: cycle.every, unit: cycle.unit };
    const nextDue = !enabled || last === null ? null : counter ? last + rng.int(20, 60) * DAY : last + cycle.every * UNIT_DAYS[cycle.unit] * DAY;
    out.push({
      planId: `PLN-${pad(i + 1, 4)}`,
      title: counter ? `Service ${asset.description} every ${(schedule as { every: number }).every} run hours` : cycle.title.replace('{name}', asset.description),
      assetId: asset.assetId, locationId: asset.locationId,
      schedule, nextDue: nextDue === null ? null : isoFree(nextDue), enabled,
      lastWorkOrderNo: enabled && pms.length ? pms[i % pms.length].woNumber : null,
      createdAt: isoAt(created), lastModified: isoAt(Math.max(created, last ?? created)),
    });
  }
  return out;
}

// ---------------------------------------------------------------- purchase requisitions

const REQ_GUARANTEED = ['DRAFT', 'SUBMITTED', 'SUBMITTED', 'APPROVED', 'APPROVED', 'ORDERED', 'ORDERED', 'REJECTED', 'CANCELLED'] as const;
const REQ_WEIGHTS = [['DRAFT', 15], ['SUBMITTED', 20], ['APPROVED', 15], ['ORDERED', 35], ['REJECTED', 5], ['CANCELLED', 10]] as const;

function generateRequisitions(seed: number, n: number, items: RawInventoryItem[], orders: RawPurchaseOrder[], storerooms: Storeroom[]): RawRequisition[] {
  const rng = new Rng(seed, 'purchase-requisitions');
  const states = distribution<string>(rng, n, REQ_GUARANTEED, REQ_WEIGHTS);
  // an ordered requisition became a purchase order: its lines are that order's stock lines, each order used once
  const placed = rng.shuffle(orders.filter((o) => o.orderedOn !== null && o.state !== 'CANCELLED' && o.lineItems.some((l) => l.itemId !== null)));
  const out: RawRequisition[] = [];
  for (let i = 0; i < n; i++) {
    const state = states[i];
    const po = state === 'ORDERED' ? placed.pop() ?? null : null;
    let lines: RawRequisition['lines'];
    let currency: string;
    let created: number;
    if (po) {
      currency = po.currencyCode;
      created = Date.parse(po.createdAt) - rng.int(1, 10) * DAY;
      lines = po.lineItems.filter((l) => l.itemId !== null).map((l, k) => ({
        lineNo: (k + 1) * 10, itemId: l.itemId, partNumber: l.partNumber, description: l.description, qty: l.qtyOrdered, uom: l.uom,
        unitPrice: l.unitPrice, lineTotal: l.lineTotal, poNumber: po.poNumber,
      }));
    } else {
      const store = rng.pick(storerooms);
      currency = store.currency;
      created = between(rng, START + 2 * DAY, END - 5 * DAY);
      const pool = rng.shuffle(items.filter((it) => it.storeroomId === store.id));
      lines = Array.from({ length: Math.min(pool.length, rng.int(1, 4)) }, (_, k) => {
        const it = pool[k];
        const qty = rng.int(1, 12);
        const cents = Math.round(Number(it.avgUnitCost ?? '0') * 100);
        return { lineNo: (k + 1) * 10, itemId: it.itemId, partNumber: it.partNumber, description: it.description, qty, uom: it.uom, unitPrice: formatCents(cents), lineTotal: formatCents(qty * cents), poNumber: null };
      });
    }
    const total = lines.reduce((sum, l) => sum + Math.round(Number(l.lineTotal) * 100), 0);
    const modified = state === 'DRAFT' ? created : created + rng.int(1, 5) * DAY;
    out.push({
      reqNo: `REQ-${7001 + i}`, state, requester: rng.pick([...TECHNICIANS, ...REQUESTERS]), currencyCode: currency,
      neededBy: isoAt(created + rng.int(7, 30) * DAY), lines, total: formatCents(total),
      createdAt: isoAt(created), lastModified: isoAt(po ? Math.max(modified, Date.parse(po.createdAt)) : modified),
      ...(rng.chance(0.3) ? { extra: { costCenter: rng.pick(COST_CENTERS) } } : {}),
    });
  }
  return out;
}

// ---------------------------------------------------------------- entry point

export function generateSandboxData(opts: GenerateOptions = {}): SandboxData {
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.scale ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`sandbox seed must be an integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`sandbox scale must be a positive number, got ${scale}`);

  const { records: locations, areas, storerooms } = generateLocations(seed, scale);
  const vendors = generateVendors(seed, count(30, scale, 8));
  const items = generateInventory(seed, count(60, scale, 12), storerooms);
  const assets = generateAssets(seed, count(40, scale, 12), areas);
  const purchaseOrders = generatePurchaseOrders(seed, count(60, scale, PO_GUARANTEED.length), vendors, items, storerooms);
  const workOrders = generateWorkOrders(seed, count(80, scale, WO_GUARANTEED.length), assets, areas);
  const metered = generateMeters(seed, assets);
  const serviceRequests = generateServiceRequests(seed, count(24, scale, SR_GUARANTEED.length), assets, areas, workOrders, metered);
  const plans = generateMaintenancePlans(seed, count(16, scale, 6), assets, metered.meters, workOrders);
  const requisitions = generateRequisitions(seed, count(20, scale, REQ_GUARANTEED.length), items, purchaseOrders, storerooms);
  return {
    locations,
    vendors,
    'inventory-items': items,
    assets,
    'purchase-orders': purchaseOrders,
    'work-orders': workOrders,
    meters: metered.meters,
    'meter-readings': metered.readings,
    'service-requests': serviceRequests,
    'maintenance-plans': plans,
    'purchase-requisitions': requisitions,
  };
}
