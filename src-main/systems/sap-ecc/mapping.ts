// How SAP ECC records become unified records. The code tables are data (one per
// field, CONTRACT §3); the functions are pure: raw (raw.ts) → MappedRecord.
// References stay SAP keys (the store resolves them): vendors by padded LIFNR,
// assets by padded EQUNR, plants by WERKS, storage locations by "WERKS/LGORT",
// inventory items by "MATNR/WERKS/LGORT". Display codes strip the ALPHA zeros.
// Customer fields (ZZ*, YY*) go to custom_fields. An unknown code maps to the
// safest value and yields a warning (the sync raises one system.error per code);
// a record that cannot be read at all throws (the connector rejects it).
//
// Vendor docs for the codes:
// - PM system statuses (JEST/TJ02T: I0001 CRTD, I0002 REL, I0010 PCNF, I0009 CNF,
//   I0045 TECO, I0046 CLSD, I0076 DLFL): https://help.sap.com/docs/SAP_ERP (PM →
//   Maintenance Orders → Status Management) and reference §2 [K].
// - Order types PM01–PM05 (IDES/standard customizing), priorities 1–4 (T356, priority
//   type PM): https://help.sap.com/docs/SAP_ERP → Plant Maintenance customizing [K].
// - EKKO-LOEKZ (L deleted, S blocked), EKKO-FRGKE release indicator (customizing;
//   B blocked / R released in the standard release procedure): reference §2, KBA 3416344 [K].
import type {
  Asset, EntityName, InventoryItem, Location, MappedRecord, PurchaseOrder, PurchaseOrderLine, Vendor, WorkOrder, PurchaseOrderStatus, WorkOrderStatus, WorkOrderPriority, WorkOrderType, AssetStatus } from '../../contract/unified.js';
import { formatCents, parseDecimal } from '../common/money.js';
import type {
  RawEquipment, RawInventoryItem, RawLocation, RawPurchaseOrder, RawVendor, RawWorkOrder, TableRow,
} from './raw.js';


// ---------------------------------------------------------------- code tables

/**
 * Maintenance-order lifecycle statuses (external and internal codes). An order
 * carries several at once ("REL  PCNF NMAT"); the one with the highest rank wins.
 */
export const WORK_ORDER_SYSTEM_STATUS: Readonly<Record<string, { status: WorkOrderStatus; rank: number }>> = {
  CRTD: { status: 'requested', rank: 1 }, I0001: { status: 'requested', rank: 1 }, // created, not released
  REL: { status: 'approved', rank: 2 }, I0002: { status: 'approved', rank: 2 }, // released for execution
  PCNF: { status: 'in_progress', rank: 3 }, I0010: { status: 'in_progress', rank: 3 }, // partially confirmed
  CNF: { status: 'completed', rank: 4 }, I0009: { status: 'completed', rank: 4 }, // finally confirmed
  TECO: { status: 'completed', rank: 5 }, I0045: { status: 'completed', rank: 5 }, // technically completed
  CLSD: { status: 'closed', rank: 6 }, I0046: { status: 'closed', rank: 6 }, // business completed
  DLFL: { status: 'cancelled', rank: 7 }, I0076: { status: 'cancelled', rank: 7 }, // deletion flag
};

/** System statuses that are flags, not lifecycle states: known, and ignored for the unified status. */
export const WORK_ORDER_FLAG_STATUSES: ReadonlySet<string> = new Set([
  'NMAT', 'PRC', 'SETC', 'MACM', 'MANC', 'CSER', 'GMPS', 'PRT', 'ESTC', 'RELR', 'NTUP', 'PCC', 'CRTD', 'OPGN', 'ORAS',
  'GMCO', 'PPRT', 'SSAP', 'BUDG', 'NOCO', 'MSPT', 'PDLV', 'DLV', 'CNFD', 'DSEX', 'LKD', 'CLSR',
]);

/** T356 priorities of priority type PM. */
export const WORK_ORDER_PRIORITIES: Readonly<Record<string, WorkOrderPriority>> = {
  '1': 'urgent', // very high
  '2': 'high',
  '3': 'medium',
  '4': 'low',
};

/** Order types (AUART) of the standard PM customizing. */
export const WORK_ORDER_TYPES: Readonly<Record<string, WorkOrderType>> = {
  PM01: 'corrective', // maintenance order (breakdown / corrective)
  PM02: 'preventive', // preventive maintenance (from maintenance plans)
  PM03: 'preventive', // planned / preventive maintenance
  PM04: 'other', // refurbishment
  PM05: 'inspection', // calibration / inspection
  PM06: 'other', // investment order
};

/** Equipment system statuses (JEST I-codes); the highest rank wins. */
export const EQUIPMENT_STATUS: Readonly<Record<string, { status: AssetStatus; rank: number }>> = {
  I0099: { status: 'operating', rank: 1 }, // AVLB available
  I0100: { status: 'operating', rank: 2 }, // INST installed
  I0320: { status: 'not_operating', rank: 3 }, // INAC inactive
  I0076: { status: 'decommissioned', rank: 4 }, // DLFL deletion flag
};
export const EQUIPMENT_FLAG_STATUSES: ReadonlySet<string> = new Set(['I0184', 'I0187', 'I0116', 'I0098']);

/** EKKO-LOEKZ / POHEADER-DELETE_IND. 'deleted' = soft delete (not a status). */
export const PO_DELETION_INDICATOR: Readonly<Record<string, 'live' | 'deleted' | PurchaseOrderStatus>> = {
  '': 'live',
  L: 'deleted',
  S: 'draft', // blocked: nothing may be ordered or received until unblocked
};

/** EKKO-FRGKE / POHEADER-REL_IND (release procedure). 'released' continues to the receipt rule. */
export const PO_RELEASE_INDICATOR: Readonly<Record<string, 'released' | PurchaseOrderStatus>> = {
  '': 'released', // no release strategy applies
  R: 'released',
  G: 'released',
  '1': 'released',
  B: 'pending_approval', // blocked until released
  '2': 'pending_approval', // release in process
};

/** LFA1 blocks: SPERM (purchasing block) / SPERR (posting block); LOEVM = deletion flag → soft delete. */
export const VENDOR_BLOCK: Readonly<Record<string, Vendor['status']>> = { '': 'active', X: 'blocked' };

export const FALLBACKS = {
  workOrderStatus: 'requested' as WorkOrderStatus,
  workOrderPriority: 'medium' as WorkOrderPriority,
  workOrderType: 'other' as WorkOrderType,
  assetStatus: 'not_operating' as AssetStatus,
  purchaseOrderStatus: 'draft' as PurchaseOrderStatus,
};

/** unified → BAPI_ALM_ORDER_MAINTAIN method, for writes. */
export const WORK_ORDER_STATUS_METHODS: Readonly<Partial<Record<WorkOrderStatus, 'RELEASE' | 'TECHNICALCOMPLETE'>>> = {
  approved: 'RELEASE',
  scheduled: 'RELEASE',
  in_progress: 'RELEASE',
  completed: 'TECHNICALCOMPLETE',
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, string>> = { urgent: '1', high: '2', medium: '3', low: '4' };

/**
 * BAPIRET2 messages (ID/NUMBER) → the unified API's 422 code. The first match
 * wins; then the PARAMETER/FIELD fallbacks; else validation_failed.
 */
export const RETURN_MESSAGE_CODES: Readonly<Record<string, string>> = {
  '06/046': 'invalid_vendor', // vendor does not exist
  'ME/046': 'invalid_vendor',
  '06/042': 'invalid_vendor', // vendor blocked for purchasing [?]
  'M7/021': 'out_of_stock', // deficit of unrestricted-use stock
  'M3/305': 'invalid_item', // material not maintained in plant
  'BS/013': 'invalid_status_transition', // system status X is active: transaction not allowed
  'IWO_BAPI2/113': 'not_found', // order does not exist [?]
};
export const RETURN_FIELD_CODES: Readonly<Record<string, string>> = {
  VENDOR: 'invalid_vendor',
  MATERIAL: 'invalid_item',
};

// ---------------------------------------------------------------- mapped record types

export type Mapped<T> = Omit<T, 'id' | 'deleted_at' | 'remote_data'> & { remote_data: Record<string, unknown> };
export interface MappingResult { record: MappedRecord; warnings: string[] }
/** A page entry: a live record, or a record the system flags as deleted. */
export type Mapping = MappingResult | { deleted: string };

// ---------------------------------------------------------------- helpers

/** Strips ALPHA zero-padding for display ("0000100023" → "100023"); non-numeric keys stay. */
export function alphaOut(key: string): string {
  const t = key.trim();
  if (/^\d+$/.test(t)) return t.replace(/^0+(?=\d)/, '');
  return t;
}

/** Pads a numeric key to its ALPHA length ("4000123", 12 → "000004000123"); non-numeric keys stay as typed. */
export function alphaIn(key: string, length: number): string {
  const t = key.trim();
  return /^\d+$/.test(t) ? t.padStart(length, '0') : t.toUpperCase();
}

/** DATS (YYYY-MM-DD over SOAP, YYYYMMDD in RFC_READ_TABLE rows) → ISO midnight UTC; empty/0000-00-00 → null. */
export function sapDate(value: string | undefined, what: string): string | null {
  const v = (value ?? '').trim();
  if (v === '' || /^0{4}-?0{2}-?0{2}$/.test(v)) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (!m) throw new Error(`${what}: not a date: ${JSON.stringify(v)}`);
  const iso = `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== iso) throw new Error(`${what}: not a date: ${JSON.stringify(v)}`);
  return iso;
}

/** ISO date-time → DATS YYYY-MM-DD (UTC). */
export function toSapDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** A SAP decimal ("12.500", "  12.5-" with ABAP's trailing minus) as a canonical decimal string. */
export function sapDecimal(value: string | undefined, what: string): string {
  let v = (value ?? '').trim();
  if (v === '') return '0';
  let neg = false;
  if (v.endsWith('-')) { neg = true; v = v.slice(0, -1).trim(); }
  if (v.startsWith('-')) { neg = !neg; v = v.slice(1); }
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) throw new Error(`${what}: not a number: ${JSON.stringify(value)}`);
  return `${neg ? '-' : ''}${v}`;
}

export function sapNumber(value: string | undefined, what: string): number {
  return Number(sapDecimal(value, what));
}

/** quantity × price / price unit, rounded to the cent, as a money string. */
export function lineAmount(quantity: string, price: string, per: string): string {
  const q = parseDecimal(quantity);
  const p = parseDecimal(price);
  const u = parseDecimal(per === '0' ? '1' : per);
  // (q × p / u) × 100, exact integer arithmetic with half-up rounding
  let num = q.coef * p.coef * 100n;
  let den = u.coef;
  const exp = q.exp + p.exp - u.exp;
  if (exp >= 0) num *= 10n ** BigInt(exp); else den *= 10n ** BigInt(-exp);
  const neg = (num < 0n) !== (den < 0n);
  const an = num < 0n ? -num : num;
  const ad = den < 0n ? -den : den;
  let cents = an / ad;
  if ((an % ad) * 2n >= ad) cents += 1n;
  return formatCents(neg ? -cents : cents);
}

export function sumMoney(values: string[]): string {
  return formatCents(values.reduce((s, v) => {
    const d = parseDecimal(v);
    return s + (d.exp >= -2 ? d.coef * 10n ** BigInt(d.exp + 2) : d.coef / 10n ** BigInt(-d.exp - 2));
  }, 0n));
}

/** Customer fields: ZZ…/YY… (appends and CI includes). */
export function customFields(...rows: (TableRow | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    for (const [k, v] of Object.entries(row ?? {})) if (/^(ZZ|YY)/.test(k)) out[k] = v.trim();
  }
  return out;
}

const orNull = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

function need(row: TableRow, field: string, what: string): string {
  const v = row[field];
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${what}: field ${field} is empty`);
  return v.trim();
}

function lookup<T extends string>(table: Readonly<Record<string, T>>, code: string, fallback: T, warnings: string[], message: string): T {
  if (Object.hasOwn(table, code)) return table[code];
  warnings.push(message);
  return fallback;
}

/** Splits a status line "REL  NMAT PRC" (or "I0002 I0016") into codes. */
export function statusCodes(line: string): string[] {
  return line.split(/\s+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
}

// ---------------------------------------------------------------- one function per entity

export function mapLocation(raw: RawLocation): MappingResult {
  if (raw.TABLE === 'T001W') {
    const werks = need(raw.ROW, 'WERKS', 'plant');
    return {
      record: {
        remote_id: werks, code: werks, name: orNull(raw.ROW.NAME1) ?? werks, type: 'plant', parent_id: null,
        custom_fields: customFields(raw.ROW), remote_data: { ...raw },
      } as unknown as MappedRecord,
      warnings: [],
    };
  }
  const werks = need(raw.ROW, 'WERKS', 'storage location');
  const lgort = need(raw.ROW, 'LGORT', `storage location of plant ${werks}`);
  const rec: Omit<Mapped<Location>, 'created_at' | 'updated_at'> = {
    remote_id: `${werks}/${lgort}`, code: `${werks}/${lgort}`, name: orNull(raw.ROW.LGOBE) ?? lgort, type: 'storeroom', parent_id: werks,
    custom_fields: customFields(raw.ROW), remote_data: { ...raw },
  };
  // T001W/T001L carry no dates: created_at/updated_at stay unset and the store uses the time it first saw them.
  return { record: rec as unknown as MappedRecord, warnings: [] };
}

export function mapVendor(raw: RawVendor): Mapping {
  const r = raw.LFA1;
  const lifnr = need(r, 'LIFNR', 'vendor');
  if ((r.LOEVM ?? '').trim() === 'X') return { deleted: lifnr };
  const what = `vendor ${alphaOut(lifnr)}`;
  const warnings: string[] = [];
  const blocked = (r.SPERM ?? '').trim() || (r.SPERR ?? '').trim();
  const cityLine = [orNull(r.PSTLZ), orNull(r.ORT01)].filter(Boolean).join(' ');
  const created = sapDate(r.ERDAT, what);
  const rec: Mapped<Vendor> = {
    remote_id: lifnr,
    created_at: created!,
    updated_at: created!,
    code: alphaOut(lifnr),
    name: orNull(r.NAME1) ?? alphaOut(lifnr),
    status: lookup(VENDOR_BLOCK, blocked, 'blocked', warnings, `Unknown SAP vendor block indicator ${JSON.stringify(blocked)} in LFA1-SPERM/SPERR; status mapped to "blocked"`),
    email: orNull(raw.SMTP_ADDR),
    phone: orNull(r.TELF1),
    address: [orNull(r.STRAS), cityLine || null, orNull(r.LAND1)].filter(Boolean).join(', ') || null,
    custom_fields: customFields(r),
    remote_data: { ...raw },
  };
  if (!created) { delete (rec as Partial<typeof rec>).created_at; delete (rec as Partial<typeof rec>).updated_at; }
  return { record: rec as MappedRecord, warnings };
}

export function mapAsset(raw: RawEquipment): MappingResult {
  const equnr = need(raw.EQUI, 'EQUNR', 'equipment');
  const what = `equipment ${alphaOut(equnr)}`;
  const warnings: string[] = [];
  const g = raw.DATA_GENERAL_EXP;
  const sp = raw.DATA_SPECIFIC_EXP;
  let best: { status: AssetStatus; rank: number } | null = null;
  const unknown: string[] = [];
  for (const code of raw.SYSTEM_STATUS) {
    const hit = Object.hasOwn(EQUIPMENT_STATUS, code) ? EQUIPMENT_STATUS[code] : null;
    if (hit) { if (!best || hit.rank > best.rank) best = hit; } else if (!EQUIPMENT_FLAG_STATUSES.has(code) && !code.startsWith('E')) unknown.push(code);
  }
  const outcome = best ? 'ignored' : `status mapped to "${FALLBACKS.assetStatus}"`;
  for (const code of unknown) warnings.push(`Unknown SAP equipment system status ${JSON.stringify(code)}; ${outcome}`);
  if (!best && !unknown.length) warnings.push(`SAP equipment without a known system status (${JSON.stringify(raw.SYSTEM_STATUS.join(' '))}); status mapped to "${FALLBACKS.assetStatus}"`);
  const created = sapDate(raw.EQUI.ERDAT, what);
  const changed = sapDate(raw.EQUI.AEDAT, what) ?? created;
  const rec: Mapped<Asset> = {
    remote_id: equnr,
    created_at: created!,
    updated_at: changed!,
    tag: alphaOut(equnr),
    name: orNull(g.DESCRIPT) ?? alphaOut(equnr),
    status: best?.status ?? FALLBACKS.assetStatus,
    location_id: orNull(g.MAINTPLANT) ?? orNull(g.PLANPLANT),
    parent_id: orNull(sp.SUPEQUI) ? alphaIn(sp.SUPEQUI, 18) : null,
    manufacturer: orNull(g.MANFACTURE),
    model: orNull(g.MANMODEL),
    serial_number: orNull(g.MANSERNO) ?? orNull(sp.SERIALNO),
    custom_fields: { ...customFields(raw.EQUI, g, sp), ...(orNull(sp.READ_FLOC) ? { functional_location: sp.READ_FLOC.trim() } : {}) },
    remote_data: { ...raw },
  };
  if (!created) { delete (rec as Partial<typeof rec>).created_at; delete (rec as Partial<typeof rec>).updated_at; }
  return { record: rec as MappedRecord, warnings };
}

export function inventoryKey(matnr: string, werks: string, lgort: string): string {
  return `${matnr}/${werks}/${lgort}`;
}

export function mapInventoryItem(raw: RawInventoryItem): Mapping {
  const matnr = need(raw.MARD, 'MATNR', 'stock row');
  const werks = need(raw.MARD, 'WERKS', `stock row of ${matnr}`);
  const lgort = need(raw.MARD, 'LGORT', `stock row of ${matnr}`);
  const key = inventoryKey(matnr, werks, lgort);
  if ((raw.MARD.LVORM ?? '').trim() === 'X') return { deleted: key };
  const what = `material ${alphaOut(matnr)} in ${werks}/${lgort}`;
  const created = sapDate(raw.MARA.ERSDA, what);
  const changed = sapDate(raw.MARA.LAEDA, what) ?? created;
  const rec: Mapped<InventoryItem> = {
    remote_id: key,
    created_at: created!,
    updated_at: changed!,
    part_number: alphaOut(matnr),
    description: orNull(raw.MAKTX),
    location_id: `${werks}/${lgort}`,
    quantity_on_hand: sapNumber(raw.MARD.LABST, what),
    quantity_reserved: 0,
    unit: orNull(raw.MARA.MEINS),
    reorder_point: null,
    unit_cost: null,
    currency: null,
    custom_fields: {
      ...customFields(raw.MARA, raw.MARD),
      ...(orNull(raw.MARA.MTART) ? { material_type: raw.MARA.MTART.trim() } : {}),
      ...(orNull(raw.MARD.LGPBE) ? { bin: raw.MARD.LGPBE.trim() } : {}),
      quality_inspection_stock: sapNumber(raw.MARD.INSME, what),
      blocked_stock: sapNumber(raw.MARD.SPEME, what),
    },
    remote_data: { ...raw },
  };
  if (!created) { delete (rec as Partial<typeof rec>).created_at; delete (rec as Partial<typeof rec>).updated_at; }
  return { record: rec as MappedRecord, warnings: [] };
}

/**
 * The unified PO status, table-driven, first rule that decides wins:
 * 1. DELETE_IND (PO_DELETION_INDICATOR): L → soft delete; S (blocked) → draft.
 * 2. REL_IND (PO_RELEASE_INDICATOR): not released → pending_approval; unknown → draft + warning.
 * 3. Receipts over the live items: every item delivery-completed (NO_MORE_GR) or fully
 *    received → completed; anything received → partially_received; else approved.
 */
export function purchaseOrderStatus(raw: RawPurchaseOrder, warnings: string[]): PurchaseOrderStatus | 'deleted' {
  const h = raw.POHEADER;
  const del = (h.DELETE_IND ?? '').trim();
  const d = lookup(PO_DELETION_INDICATOR, del, FALLBACKS.purchaseOrderStatus, warnings, `Unknown SAP purchase order deletion indicator ${JSON.stringify(del)} in DELETE_IND; status mapped to "${FALLBACKS.purchaseOrderStatus}"`);
  if (d !== 'live') return d;
  const relInd = (h.REL_IND ?? '').trim();
  const rel = lookup(PO_RELEASE_INDICATOR, relInd, FALLBACKS.purchaseOrderStatus, warnings, `Unknown SAP purchase order release indicator ${JSON.stringify(relInd)} in REL_IND; status mapped to "${FALLBACKS.purchaseOrderStatus}"`);
  if (rel !== 'released') return rel;
  const items = raw.POITEM.filter((i) => !(i.DELETE_IND ?? '').trim());
  if (!items.length) return 'approved';
  const received = receivedByItem(raw);
  let all = true;
  let any = false;
  for (const it of items) {
    const got = received.get(it.PO_ITEM.trim()) ?? 0;
    const done = (it.NO_MORE_GR ?? '').trim() === 'X' || got >= sapNumber(it.QUANTITY, 'PO item');
    if (got > 0 || done) any = true;
    if (!done) all = false;
  }
  return all ? 'completed' : any ? 'partially_received' : 'approved';
}

function receivedByItem(raw: RawPurchaseOrder): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of raw.POHISTORY_TOTALS) {
    const k = t.PO_ITEM.trim();
    m.set(k, (m.get(k) ?? 0) + sapNumber(t.DELIV_QTY, 'PO history'));
  }
  return m;
}

export function mapPurchaseOrder(raw: RawPurchaseOrder): Mapping {
  const h = raw.POHEADER;
  const ebeln = need(h, 'PO_NUMBER', 'purchase order');
  const what = `purchase order ${alphaOut(ebeln)}`;
  const warnings: string[] = [];
  const status = purchaseOrderStatus(raw, warnings);
  if (status === 'deleted') return { deleted: ebeln };
  const currency = (h.CURRENCY ?? '').trim();
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${what}: CURRENCY must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  const received = receivedByItem(raw);
  const lines: PurchaseOrderLine[] = [];
  for (const it of raw.POITEM) {
    if ((it.DELETE_IND ?? '').trim()) continue; // deleted (L) or blocked (S) items are not ordered
    const item = need(it, 'PO_ITEM', what);
    const qty = sapDecimal(it.QUANTITY, `${what} item ${item} QUANTITY`);
    const price = sapDecimal(it.NET_PRICE, `${what} item ${item} NET_PRICE`);
    const per = sapDecimal(it.PRICE_UNIT || '1', `${what} item ${item} PRICE_UNIT`);
    const matnr = orNull(it.MATERIAL);
    const plant = orNull(it.PLANT);
    const sloc = orNull(it.STGE_LOC);
    lines.push({
      line_number: Number(item),
      item_id: matnr && plant && sloc ? inventoryKey(alphaIn(matnr, 18), plant, sloc) : null,
      part_number: matnr ? alphaOut(matnr) : null,
      description: orNull(it.SHORT_TEXT),
      quantity: Number(qty),
      unit: orNull(it.PO_UNIT),
      unit_price: lineAmount('1', price, per),
      amount: lineAmount(qty, price, per),
      received_quantity: received.get(item) ?? 0,
    });
  }
  const dates = raw.POSCHEDULE.map((s) => sapDate(s.DELIVERY_DATE, `${what} schedule`)).filter((d): d is string => d !== null).sort();
  const first = raw.POITEM.find((i) => orNull(i.PLANT));
  const created = sapDate(h.CREAT_DATE, what);
  const rec: Mapped<PurchaseOrder> = {
    remote_id: ebeln,
    created_at: created!,
    updated_at: created!,
    number: alphaOut(ebeln),
    status,
    vendor_id: orNull(h.VENDOR) ? alphaIn(h.VENDOR, 10) : null,
    vendor_name: orNull(raw.VENDOR_NAME),
    currency,
    total_amount: sumMoney(lines.map((l) => l.amount)),
    order_date: sapDate(h.DOC_DATE, what),
    expected_delivery_date: dates[0] ?? null,
    location_id: first ? (orNull(first.STGE_LOC) ? `${first.PLANT.trim()}/${first.STGE_LOC.trim()}` : first.PLANT.trim()) : null,
    lines,
    custom_fields: {
      ...customFields(h),
      ...(orNull(h.DOC_TYPE) ? { doc_type: h.DOC_TYPE.trim() } : {}),
      ...(orNull(h.PURCH_ORG) ? { purch_org: h.PURCH_ORG.trim() } : {}),
      ...(orNull(h.COMP_CODE) ? { comp_code: h.COMP_CODE.trim() } : {}),
    },
    remote_data: { ...raw },
  };
  if (!created) { delete (rec as Partial<typeof rec>).created_at; delete (rec as Partial<typeof rec>).updated_at; }
  return { record: rec as MappedRecord, warnings };
}

/** The unified status of a system-status line; unknown codes are reported. */
export function workOrderStatus(line: string, warnings: string[]): WorkOrderStatus {
  let best: { status: WorkOrderStatus; rank: number } | null = null;
  const unknown: string[] = [];
  for (const code of statusCodes(line)) {
    const hit = Object.hasOwn(WORK_ORDER_SYSTEM_STATUS, code) ? WORK_ORDER_SYSTEM_STATUS[code] : null;
    if (hit) { if (!best || hit.rank > best.rank) best = hit; } else if (!WORK_ORDER_FLAG_STATUSES.has(code)) unknown.push(code);
  }
  const outcome = best ? 'ignored' : `status mapped to "${FALLBACKS.workOrderStatus}"`;
  for (const code of unknown) warnings.push(`Unknown SAP order system status ${JSON.stringify(code)} in SYS_STATUS; ${outcome}`);
  if (best) return best.status;
  if (!unknown.length) warnings.push(`SAP order without a lifecycle status (SYS_STATUS ${JSON.stringify(line.trim())}); status mapped to "${FALLBACKS.workOrderStatus}"`);
  return FALLBACKS.workOrderStatus;
}

export function mapWorkOrder(raw: RawWorkOrder): MappingResult {
  const aufnr = need(raw, 'ORDERID', 'maintenance order');
  const what = `order ${alphaOut(aufnr)}`;
  const warnings: string[] = [];
  const prio = (raw.PRIORITY ?? '').trim();
  const type = (raw.ORDER_TYPE ?? '').trim();
  const created = sapDate(raw.ENTER_DATE, what);
  const changed = sapDate(raw.CHANGE_DATE, what) ?? created;
  const rec: Mapped<WorkOrder> = {
    remote_id: aufnr,
    created_at: created!,
    updated_at: changed!,
    number: alphaOut(aufnr),
    title: orNull(raw.SHORT_TEXT) ?? alphaOut(aufnr),
    description: null,
    status: workOrderStatus(raw.SYS_STATUS ?? '', warnings),
    priority: prio === '' ? FALLBACKS.workOrderPriority
      : lookup(WORK_ORDER_PRIORITIES, prio, FALLBACKS.workOrderPriority, warnings, `Unknown SAP order priority ${JSON.stringify(prio)} in PRIORITY; priority mapped to "${FALLBACKS.workOrderPriority}"`),
    type: lookup(WORK_ORDER_TYPES, type, FALLBACKS.workOrderType, warnings, `Unknown SAP order type ${JSON.stringify(type)} in ORDER_TYPE; type mapped to "${FALLBACKS.workOrderType}"`),
    asset_id: orNull(raw.EQUIPMENT) ? alphaIn(raw.EQUIPMENT, 18) : null,
    location_id: orNull(raw.PLANPLANT),
    assignee: orNull(raw.MN_WK_CTR),
    due_date: sapDate(raw.FINISH_DATE, what),
    completed_at: null,
    custom_fields: {
      ...customFields(raw),
      ...(orNull(raw.FUNCT_LOC) ? { functional_location: raw.FUNCT_LOC.trim() } : {}),
      ...(orNull(raw.START_DATE) ? { start_date: sapDate(raw.START_DATE, what) } : {}),
      system_status: (raw.SYS_STATUS ?? '').trim(),
    },
    remote_data: { ...raw },
  };
  if (!created) { delete (rec as Partial<typeof rec>).created_at; delete (rec as Partial<typeof rec>).updated_at; }
  return { record: rec as MappedRecord, warnings };
}

export const NOUN: Record<EntityName, string> = {
  'purchase-orders': 'purchase order', 'work-orders': 'maintenance order', assets: 'equipment',
  'inventory-items': 'stock row', vendors: 'vendor', locations: 'location',
};

/** Classifies a BAPI RETURN error row into the unified API's 422 code. */
export function returnCode(row: { ID?: string; NUMBER?: string; FIELD?: string; PARAMETER?: string }): string {
  const key = `${(row.ID ?? '').trim()}/${(row.NUMBER ?? '').trim()}`;
  if (Object.hasOwn(RETURN_MESSAGE_CODES, key)) return RETURN_MESSAGE_CODES[key];
  const field = (row.FIELD ?? '').trim().toUpperCase();
  if (Object.hasOwn(RETURN_FIELD_CODES, field)) return RETURN_FIELD_CODES[field];
  return 'validation_failed';
}
