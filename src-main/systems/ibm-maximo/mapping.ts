// How Maximo members become unified records. Code tables are data, one per field,
// keyed by Maximo's INTERNAL value (`status_maxvalue`, `type_maxvalue`): customers add
// synonym statuses (WAITAPPR → WAPPR, FIELDDONE → COMP) and only the internal value
// is stable. Functions are pure. References are Maximo remote ids (key values joined
// by "/"); attributes that are neither mapped nor standard Maximo attributes (customer
// attributes such as cx_* / ex_*) go to custom_fields; unknown codes map to the safest
// value plus a warning; a member that cannot be read throws.
//
// Status domains: https://www.ibm.com/docs/en/maximo-manage/continuous-delivery?topic=overview-work-order-statuses
//   (WOSTATUS: WAPPR APPR WSCH WMATL WPCOND INPRG COMP CLOSE CAN HISTEDIT),
//   PO statuses (POSTATUS): https://www.ibm.com/docs/en/maximo-manage/continuous-delivery?topic=orders-purchase-order-statuses
//   Asset statuses (LOCASSETSTATUS), location types (LOCTYPE): Maximo Manage documentation.
import type { Asset, EntityName, InventoryItem, Location, MappedRecord, PurchaseOrder, PurchaseOrderLine, Vendor, WorkOrder, PurchaseOrderStatus, WorkOrderStatus, WorkOrderPriority, WorkOrderType, AssetStatus, LocationType, VendorStatus } from '../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../common/fields.js';
import { joinKey } from './keys.js';
import { numberToMoney } from './money.js';


// ---------------------------------------------------------------- code tables (Maximo internal value → unified)

/** WOSTATUS maxvalues. */
export const WORK_ORDER_STATUS: Readonly<Record<string, WorkOrderStatus>> = {
  WAPPR: 'requested', // waiting on approval
  APPR: 'approved',
  WSCH: 'scheduled', // waiting to be scheduled: Maximo's scheduling state
  WMATL: 'on_hold', // waiting on material
  WPCOND: 'on_hold', // waiting on plant condition
  INPRG: 'in_progress',
  COMP: 'completed',
  CLOSE: 'closed',
  HISTEDIT: 'closed', // edited in history: closed work
  CAN: 'cancelled',
};

/** POSTATUS maxvalues (received quantities refine APPR/INPRG, see poStatus). */
export const PURCHASE_ORDER_STATUS: Readonly<Record<string, PurchaseOrderStatus>> = {
  WAPPR: 'pending_approval',
  APPR: 'approved',
  INPRG: 'approved', // approved, being changed without a revision
  HOLD: 'draft', // on hold: not to be acted on
  REVISE: 'draft', // a revision being prepared
  PNDREV: 'approved', // pending revision: the approved revision stays in force
  CLOSE: 'completed',
  CAN: 'cancelled',
};

/** LOCASSETSTATUS maxvalues for assets. */
export const ASSET_STATUS: Readonly<Record<string, AssetStatus>> = {
  OPERATING: 'operating',
  ACTIVE: 'operating',
  LIMITEDUSE: 'operating',
  'NOT READY': 'not_operating',
  BROKEN: 'not_operating',
  INACTIVE: 'not_operating',
  DECOMMISSIONED: 'decommissioned',
};

/** COMPANIES.disabled (a boolean; older exports send Y/N or 1/0). */
export const VENDOR_DISABLED: Readonly<Record<string, VendorStatus>> = {
  false: 'active',
  true: 'blocked',
  FALSE: 'active',
  TRUE: 'blocked',
};

/** LOCTYPE maxvalues. Maximo sites are not locations; storerooms are locations of type STOREROOM. */
export const LOCATION_TYPE: Readonly<Record<string, LocationType>> = {
  OPERATING: 'area',
  STOREROOM: 'storeroom',
  SALVAGE: 'storeroom',
  REPAIR: 'area',
  HOLDING: 'area',
  COURIER: 'area',
  LABOR: 'area',
  VENDOR: 'area',
};

/** WORKORDER.wopriority (an integer; 1 is the most urgent). */
export const WORK_ORDER_PRIORITY: Readonly<Record<string, WorkOrderPriority>> = {
  1: 'urgent',
  2: 'high',
  3: 'medium',
  4: 'low',
};

/** WORKORDER.worktype (WOTYPE values shipped with Maximo plus common additions). */
export const WORK_ORDER_TYPE: Readonly<Record<string, WorkOrderType>> = {
  CM: 'corrective',
  EM: 'corrective', // emergency maintenance
  PM: 'preventive',
  PDM: 'preventive', // predictive
  CAL: 'preventive', // calibration
  INSP: 'inspection',
  CP: 'other', // capital project
  EV: 'other', // event report
};

/** The safest value for an unknown code: nothing downstream acts on it. */
export const FALLBACKS = {
  workOrderStatus: 'requested' as WorkOrderStatus,
  purchaseOrderStatus: 'draft' as PurchaseOrderStatus,
  assetStatus: 'not_operating' as AssetStatus,
  vendorStatus: 'blocked' as VendorStatus,
  locationType: 'area' as LocationType,
  workOrderPriority: 'medium' as WorkOrderPriority,
  workOrderType: 'other' as WorkOrderType,
};

/** unified → Maximo internal value, for writes. */
export const WORK_ORDER_STATUS_CODES: Readonly<Record<WorkOrderStatus, string>> = {
  requested: 'WAPPR', approved: 'APPR', scheduled: 'WSCH', in_progress: 'INPRG',
  on_hold: 'WMATL', completed: 'COMP', closed: 'CLOSE', cancelled: 'CAN',
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, number>> = { urgent: 1, high: 2, medium: 3, low: 4 };

// ---------------------------------------------------------------- standard attributes (not custom fields)

const COMMON_STD = ['orgid', 'siteid', 'description', 'description_longdescription', 'hasld', 'langcode', 'changedate', 'changeby', 'status', 'statusdate', 'rowstamp', 'classstructureid', 'glaccount', 'itemsetid'];
/** Standard Maximo attributes per object structure: kept in remote_data, never reported as custom fields. */
export const STANDARD_ATTRIBUTES: Readonly<Record<EntityName, ReadonlySet<string>>> = {
  'work-orders': new Set([...COMMON_STD, 'wonum', 'workorderid', 'woclass', 'worktype', 'wopriority', 'assetnum', 'location', 'lead', 'owner', 'ownergroup', 'supervisor', 'crewid', 'persongroup',
    'reportdate', 'reportedby', 'targstartdate', 'targcompdate', 'schedstart', 'schedfinish', 'actstart', 'actfinish', 'estdur', 'estlabhrs', 'estlabcost', 'estmatcost', 'esttoolcost', 'estservcost',
    'actlabhrs', 'actlabcost', 'actmatcost', 'acttoolcost', 'actservcost', 'acttotalcost', 'historyflag', 'istask', 'parent', 'wogroup', 'taskid', 'jpnum', 'pmnum', 'failurecode', 'problemcode',
    'phone', 'haschildren', 'hasfollowupwork', 'downtime', 'interruptible', 'calendar', 'worklocation', 'origrecordid', 'origrecordclass', 'wojp1', 'wojp2', 'wojp3', 'wojp4', 'wojp5']),
  'purchase-orders': new Set([...COMMON_STD, 'ponum', 'poid', 'revisionnum', 'potype', 'vendor', 'orderdate', 'requireddate', 'vendeliverydate', 'followupdate', 'totalcost', 'pretaxtotal', 'totaltax1',
    'currencycode', 'exchangerate', 'purchaseagent', 'shipto', 'shiptoattn', 'billto', 'billtoattn', 'paymentterms', 'freightterms', 'fob', 'shipvia', 'contact', 'receipts', 'historyflag',
    'internal', 'inclusive1', 'buyercompany', 'storeloc', 'ecomstatusdate']),
  assets: new Set([...COMMON_STD, 'assetnum', 'assetid', 'assettag', 'assettype', 'location', 'parent', 'manufacturer', 'modelnum', 'serialnum', 'vendor', 'installdate', 'purchaseprice',
    'replacecost', 'totalcost', 'ytdcost', 'budgetcost', 'invcost', 'totdowntime', 'isrunning', 'priority', 'disabled', 'moved', 'rolltoallchildren', 'children', 'itemnum', 'binnum',
    'failurecode', 'calnum', 'groupname', 'assetuid', 'usage', 'warrantyexpdate']),
  'inventory-items': new Set([...COMMON_STD, 'itemnum', 'location', 'inventoryid', 'curbaltotal', 'curbal', 'avblbalance', 'reservedqty', 'hardreservedqty', 'softreservedqty', 'issueunit', 'orderunit',
    'minlevel', 'maxlevel', 'orderqty', 'reorder', 'deliverytime', 'avgcost', 'lastcost', 'stdcost', 'issueytd', 'issue1yrago', 'lastissuedate', 'abctype', 'ccf', 'binnum', 'costtype',
    'category', 'vendor', 'manufacturer', 'modelnum', 'catalogcode', 'conversion', 'consignment', 'internal', 'statusiface']),
  vendors: new Set([...COMMON_STD, 'company', 'companiesid', 'name', 'type', 'disabled', 'phone', 'fax', 'address1', 'address2', 'address3', 'address4', 'address5', 'homepage', 'currencycode',
    'paymentterms', 'freightterms', 'fob', 'shipvia', 'registration1', 'registration2', 'registration3', 'taxexempt', 'inclusive1', 'ecommerceenabled', 'parentcompany', 'remitaddress1', 'remitcontact', 'bankaccount']),
  locations: new Set([...COMMON_STD, 'location', 'locationsid', 'type', 'disabled', 'failurecode', 'locpriority', 'isrepairfacility', 'useinpopr', 'serviceaddress', 'calnum', 'assetlocpriority']),
};

// ---------------------------------------------------------------- helpers

export interface MappingResult<T extends MappedRecord = MappedRecord> {
  record: T;
  /** One note per value mapped by fallback (an unknown code), naming the code and the field. */
  warnings: string[];
}
type Mapped<T> = Omit<T, 'id' | 'deleted_at' | 'remote_data'> & { remote_data: Record<string, unknown> };

const NOUN: Record<EntityName, string> = {
  'purchase-orders': 'purchase order', 'work-orders': 'work order', assets: 'asset',
  'inventory-items': 'inventory item', vendors: 'vendor', locations: 'location',
};

/** The object structure's key attributes, in href order. */
export const KEY_ATTRIBUTES: Readonly<Record<EntityName, readonly string[]>> = {
  'work-orders': ['wonum', 'siteid'],
  'purchase-orders': ['ponum', 'revisionnum', 'siteid'],
  assets: ['assetnum', 'siteid'],
  'inventory-items': ['itemnum', 'itemsetid', 'location', 'siteid'],
  vendors: ['company', 'orgid'],
  locations: ['location', 'siteid'],
};

/** The remote id of a member: its key values joined by "/". Throws if a key is missing. */
export function remoteIdOf(entity: EntityName, raw: unknown): string {
  if (!isObject(raw)) throw new Error(`${NOUN[entity]}: not an object`);
  const values = KEY_ATTRIBUTES[entity].map((k) => {
    const v = raw[k];
    if ((typeof v !== 'string' || v.trim() === '') && !(typeof v === 'number' && Number.isInteger(v))) {
      throw new Error(`${NOUN[entity]}: missing its key attribute "${k}"`);
    }
    return v as string | number;
  });
  return joinKey(values);
}

function open(entity: EntityName, raw: unknown): { r: FieldReader; key: string } {
  if (!isObject(raw)) throw new Error(`${NOUN[entity]}: not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`);
  const key = remoteIdOf(entity, raw);
  return { r: new FieldReader(raw, `${NOUN[entity]} ${key}`), key };
}

/** The internal value of a synonym-domain attribute: `<attr>_maxvalue` when Maximo sends it, else the value. */
function internal(r: FieldReader, attr: string): unknown {
  const mv = r.value(`${attr}_maxvalue`);
  return typeof mv === 'string' && mv.trim() !== '' ? mv : r.value(attr);
}

function lookup<T extends string>(
  entity: EntityName, code: unknown, shownField: string, unifiedField: string, table: Readonly<Record<string, T>>, fallback: T, warnings: string[],
): T {
  const c = typeof code === 'string' ? code.trim().toUpperCase() : typeof code === 'number' || typeof code === 'boolean' ? String(code) : null;
  if (c !== null && Object.hasOwn(table, c)) return table[c];
  warnings.push(`Unknown Maximo ${NOUN[entity]} code ${code === undefined ? 'nothing' : JSON.stringify(code)} in field "${shownField}"; ${unifiedField} mapped to "${fallback}"`);
  return fallback;
}

function money(r: FieldReader, key: string): string {
  const v = r.value(key);
  if (typeof v === 'number' && Number.isFinite(v)) return numberToMoney(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return numberToMoney(Number(v.trim()));
  throw new Error(`${r.what}: field "${key}" must be an amount, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}
function optMoney(r: FieldReader, key: string): string | null {
  const v = r.value(key);
  return v === undefined || v === null ? null : money(r, key);
}
function optNumLoose(r: FieldReader, key: string): number | null {
  const v = r.value(key);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return r.optNum(key);
}
const ref = (value: string | null, ...rest: (string | null)[]): string | null =>
  value && rest.every((x) => x) ? joinKey([value, ...(rest as string[])]) : null;

/** Attributes that are neither mapped nor standard Maximo attributes: the customer's own (cx_*, ex_*, …). */
export function customFields(entity: EntityName, raw: RawObject): Record<string, unknown> {
  const std = STANDARD_ATTRIBUTES[entity];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (std.has(k) || k === 'href' || k === 'localref' || k.startsWith('_') || k.endsWith('_collectionref')) continue;
    const meta = /^(.+)_(description|maxvalue|longdescription|localized)$/.exec(k);
    if (meta && (meta[1] in raw || std.has(meta[1]))) continue;
    if (v !== null && typeof v === 'object') continue; // child objects are relationships, not attributes
    out[k] = v;
  }
  return out;
}

function common(entity: EntityName, r: FieldReader, key: string, createdField: string | null) {
  const updated = r.time('changedate');
  return {
    remote_id: key,
    created_at: (createdField ? r.optTime(createdField) : null) ?? updated,
    updated_at: updated,
    remote_data: structuredClone(r.obj),
    custom_fields: customFields(entity, r.obj),
  };
}

// ---------------------------------------------------------------- one function per entity

export function mapWorkOrder(raw: unknown): MappingResult<Mapped<WorkOrder>> {
  const { r, key } = open('work-orders', raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const prio = r.value('wopriority');
  const worktype = r.optStr('worktype');
  const record: Mapped<WorkOrder> = {
    ...common('work-orders', r, key, 'reportdate'),
    number: r.str('wonum'),
    title: r.optStr('description') ?? r.str('wonum'),
    description: r.optStr('description_longdescription'),
    status: lookup('work-orders', internal(r, 'status'), 'status_maxvalue', 'status', WORK_ORDER_STATUS, FALLBACKS.workOrderStatus, warnings),
    priority: prio === null || prio === undefined ? FALLBACKS.workOrderPriority
      : lookup('work-orders', prio, 'wopriority', 'priority', WORK_ORDER_PRIORITY, FALLBACKS.workOrderPriority, warnings),
    type: worktype === null ? FALLBACKS.workOrderType : lookup('work-orders', worktype, 'worktype', 'type', WORK_ORDER_TYPE, FALLBACKS.workOrderType, warnings),
    asset_id: ref(r.optStr('assetnum'), siteid),
    location_id: ref(r.optStr('location'), siteid),
    assignee: r.optStr('lead') ?? r.optStr('owner'),
    due_date: r.optTime('targcompdate') ?? r.optTime('schedfinish'),
    completed_at: r.optTime('actfinish'),
  };
  return { record, warnings };
}

function mapPoLine(raw: unknown, index: number, what: string, siteid: string): PurchaseOrderLine {
  if (!isObject(raw)) throw new Error(`${what}: poline[${index}] is not an object`);
  const l = new FieldReader(raw, `${what} poline[${index}]`);
  const itemnum = l.optStr('itemnum');
  return {
    line_number: l.optNum('polinenum') ?? index + 1,
    item_id: ref(itemnum, l.optStr('itemsetid'), l.optStr('storeloc'), l.optStr('tositeid') ?? siteid),
    part_number: itemnum,
    description: l.optStr('description'),
    quantity: l.num('orderqty'),
    unit: l.optStr('orderunit'),
    unit_price: money(l, 'unitcost'),
    amount: money(l, 'linecost'),
    received_quantity: l.optNum('receivedqty') ?? 0,
  };
}

export function mapPurchaseOrder(raw: unknown): MappingResult<Mapped<PurchaseOrder>> {
  const { r, key } = open('purchase-orders', raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const rawLines = r.value('poline') ?? [];
  if (!Array.isArray(rawLines)) throw new Error(`${r.what}: field "poline" must be an array`);
  const lines = rawLines.map((l, i) => mapPoLine(l, i, r.what, siteid));
  const currency = r.str('currencycode');
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`${r.what}: field "currencycode" must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  let status = lookup('purchase-orders', internal(r, 'status'), 'status_maxvalue', 'status', PURCHASE_ORDER_STATUS, FALLBACKS.purchaseOrderStatus, warnings);
  // Maximo keeps a PO APPR while goods arrive: the received quantities tell how far it is.
  if (status === 'approved' && lines.length > 0 && lines.some((l) => l.received_quantity > 0)) {
    status = lines.every((l) => l.received_quantity >= l.quantity) ? 'completed' : 'partially_received';
  }
  const orgid = r.optStr('orgid');
  const vendor = r.optStr('vendor');
  const storeloc = (rawLines as RawObject[]).find((l) => typeof l?.storeloc === 'string' && l.storeloc)?.storeloc as string | undefined;
  const record: Mapped<PurchaseOrder> = {
    ...common('purchase-orders', r, key, 'orderdate'),
    number: r.str('ponum'),
    status,
    vendor_id: ref(vendor, orgid),
    vendor_name: r.optStr('vendor_description') ?? r.optStr('vendorname'),
    currency,
    total_amount: optMoney(r, 'totalcost') ?? '0.00',
    order_date: r.optTime('orderdate'),
    expected_delivery_date: r.optTime('requireddate'),
    location_id: ref(storeloc ?? null, siteid),
    lines,
  };
  return { record, warnings };
}

export function mapAsset(raw: unknown): MappingResult<Mapped<Asset>> {
  const { r, key } = open('assets', raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const record: Mapped<Asset> = {
    ...common('assets', r, key, 'installdate'),
    tag: r.str('assetnum'),
    name: r.optStr('description') ?? r.str('assetnum'),
    status: lookup('assets', internal(r, 'status'), 'status_maxvalue', 'status', ASSET_STATUS, FALLBACKS.assetStatus, warnings),
    location_id: ref(r.optStr('location'), siteid),
    parent_id: ref(r.optStr('parent'), siteid),
    manufacturer: r.optStr('manufacturer'),
    model: r.optStr('modelnum'),
    serial_number: r.optStr('serialnum'),
  };
  return { record, warnings };
}

export function mapInventoryItem(raw: unknown): MappingResult<Mapped<InventoryItem>> {
  const { r, key } = open('inventory-items', raw);
  const siteid = r.str('siteid');
  const currency = r.optStr('currencycode');
  const record: Mapped<InventoryItem> = {
    ...common('inventory-items', r, key, null),
    part_number: r.str('itemnum'),
    description: r.optStr('description'),
    location_id: ref(r.str('location'), siteid),
    quantity_on_hand: optNumLoose(r, 'curbaltotal') ?? 0,
    quantity_reserved: optNumLoose(r, 'reservedqty') ?? 0,
    unit: r.optStr('issueunit'),
    reorder_point: optNumLoose(r, 'minlevel'),
    unit_cost: optMoney(r, 'avgcost'),
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : null,
  };
  return { record, warnings: [] };
}

export function mapVendor(raw: unknown): MappingResult<Mapped<Vendor>> {
  const { r, key } = open('vendors', raw);
  const warnings: string[] = [];
  const d = r.value('disabled');
  const disabled = d === undefined || d === null ? false : d === 'Y' || d === 'y' || d === 1 || d === '1' ? true : d === 'N' || d === 'n' || d === 0 || d === '0' ? false : d;
  const contacts = Array.isArray(r.value('companycontact')) ? (r.value('companycontact') as unknown[]).filter(isObject) : [];
  const email = contacts.map((c) => c.email).find((e): e is string => typeof e === 'string' && e !== '') ?? r.optStr('email');
  const address = [r.optStr('address1'), r.optStr('address2'), [r.optStr('address3'), r.optStr('address4')].filter(Boolean).join(' '), r.optStr('address5')]
    .filter(Boolean).join(', ') || null;
  const record: Mapped<Vendor> = {
    ...common('vendors', r, key, null),
    code: r.str('company'),
    name: r.optStr('name') ?? r.str('company'),
    status: lookup('vendors', disabled, 'disabled', 'status', VENDOR_DISABLED, FALLBACKS.vendorStatus, warnings),
    email,
    phone: r.optStr('phone') ?? (contacts.map((c) => c.phone).find((p): p is string => typeof p === 'string' && p !== '') ?? null),
    address,
  };
  return { record, warnings };
}

export function mapLocation(raw: unknown): MappingResult<Mapped<Location>> {
  const { r, key } = open('locations', raw);
  const warnings: string[] = [];
  const siteid = r.str('siteid');
  const hier = Array.isArray(r.value('lochierarchy')) ? (r.value('lochierarchy') as unknown[]).filter(isObject) : [];
  const parent = r.optStr('parent') ?? (hier.map((h) => h.parent).find((p): p is string => typeof p === 'string' && p !== '') ?? null);
  const record: Mapped<Location> = {
    ...common('locations', r, key, null),
    code: r.str('location'),
    name: r.optStr('description') ?? r.str('location'),
    type: lookup('locations', internal(r, 'type'), 'type_maxvalue', 'type', LOCATION_TYPE, FALLBACKS.locationType, warnings),
    parent_id: ref(parent, siteid),
  };
  return { record, warnings };
}

export const mappers: { readonly [E in EntityName]: (raw: unknown) => MappingResult } = {
  'purchase-orders': mapPurchaseOrder,
  'work-orders': mapWorkOrder,
  assets: mapAsset,
  'inventory-items': mapInventoryItem,
  vendors: mapVendor,
  locations: mapLocation,
};

export function mapRecord(entity: EntityName, raw: unknown): MappingResult {
  return mappers[entity](raw);
}
