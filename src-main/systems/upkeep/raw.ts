// UpKeep's OWN wire shapes (API v2, https://developers.onupkeep.com/), kept apart
// from the mapping. Everything here is what the system sends or accepts; the
// mapping (mapping.ts) translates it. Code fields are plain strings/numbers
// because a real system's JSON can carry any value.
//
// What was checked against the vendor docs (developers.onupkeep.com, table of
// contents + "Authentication" + "Expanding Responses"):
//   [V] POST /api/v2/auth {email, password} → {"success":true,"result":{"sessionToken":"r:…","expiresAt":"…Z"}}
//   [V] every call sends the header `Session-Token: <token>`; DELETE /api/v2/auth logs out
//   [V] resources: /vendors, /assets, /locations, /parts, /work-orders, /purchase-orders
//   [V] `includes=` expands related objects (repeat the parameter, `includes[]=`, or comma-separated)
//   [V] API access needs the Business Plus (or Enterprise) plan
// Taken from third-party material and the project reference, NOT confirmed in
// the vendor's own pages (the emulator implements them; see the connector's notes):
//   [?] list paging with `limit` / `offset`; the `updatedAtGreaterThan` filter; the `orderBy` sort
//   [?] work order statuses open · onHold · inProgress · complete; priority 0 (lowest) … 3 (highest)

/** The system root the catalog uses when a connection gives no base_url. */
export const DEFAULT_BASE_URL = 'https://api.onupkeep.com';

/** Path prefix of API v2 (relative: got's prefixUrl is the connection's base URL). */
export const API_PREFIX = 'api/v2';

/** Largest page the connector asks for. The end of a listing is an EMPTY page, so a lower server cap is harmless. */
export const MAX_PAGE_SIZE = 100;

/** Query parameters of the list endpoints (see the [?] notes above). */
export const LIST_PARAMS = {
  limit: 'limit',
  offset: 'offset',
  /** Records changed strictly after this ISO time. */
  updatedAfter: 'updatedAtGreaterThan',
  orderBy: 'orderBy',
  /** Ascending by last change: what keyset paging on updatedAt needs. */
  orderByUpdatedAsc: 'updatedAt ASC',
  includes: 'includes',
} as const;

// ---------------------------------------------------------------- envelopes

/** https://developers.onupkeep.com/#authentication — POST /api/v2/auth */
export interface UpKeepAuthRequest {
  email: string;
  password: string;
}
export interface UpKeepAuthResponse {
  success: true;
  result: { sessionToken: string; expiresAt: string };
}

/** Every list endpoint: GET /api/v2/<resource>?limit=&offset=&… */
export interface UpKeepList<T> {
  success: true;
  results: T[];
}
/** Every single-record endpoint: GET/PATCH /api/v2/<resource>/<id>, POST /api/v2/<resource> */
export interface UpKeepOne<T> {
  success: true;
  result: T;
}
/** Any failure: a 4xx/5xx status with this body (https://developers.onupkeep.com/#errors). */
export interface UpKeepFailure {
  success: false;
  message: string;
}

// ---------------------------------------------------------------- records

/** UpKeep custom fields: an array of name/value pairs on any record. */
export interface UpKeepCustomField {
  id?: string;
  name: string;
  value: unknown;
  unit?: string | null;
}

/** https://developers.onupkeep.com/#locations — GET /api/v2/locations */
export interface UpKeepLocation {
  id: string;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Parent location id (UpKeep nests locations a few levels deep). */
  parentLocation: string | null;
  customFields?: UpKeepCustomField[];
  createdAt: string;
  updatedAt: string;
}

/** https://developers.onupkeep.com/#vendors — GET /api/v2/vendors */
export interface UpKeepVendor {
  id: string;
  businessName: string;
  email: string | null;
  phoneNumber: string | null;
  website: string | null;
  address: string | null;
  vendorType: string | null;
  description: string | null;
  customFields?: UpKeepCustomField[];
  createdAt: string;
  updatedAt: string;
}

/** https://developers.onupkeep.com/#assets — GET /api/v2/assets */
export interface UpKeepAsset {
  id: string;
  name: string;
  description: string | null;
  barcode: string | null;
  serial: string | null;
  model: string | null;
  make: string | null;
  category: string | null;
  area: string | null;
  /** active · inactive (down) · archived */
  status: string;
  location: string | null;
  parentAsset: string | null;
  customFields?: UpKeepCustomField[];
  createdAt: string;
  updatedAt: string;
}

/** https://developers.onupkeep.com/#parts — GET /api/v2/parts (UpKeep's inventory) */
export interface UpKeepPart {
  id: string;
  partNumber: string | null;
  name: string;
  description: string | null;
  quantity: number;
  minimumQuantity: number | null;
  maximumQuantity: number | null;
  /** Unit cost, a JSON number in the account currency. */
  cost: number | null;
  unit: string | null;
  area: string | null;
  barcode: string | null;
  category: string | null;
  location: string | null;
  customFields?: UpKeepCustomField[];
  createdAt: string;
  updatedAt: string;
}

/** https://developers.onupkeep.com/#work-orders — GET /api/v2/work-orders, PATCH /api/v2/work-orders/:id */
export interface UpKeepWorkOrder {
  id: string;
  workOrderNo: string;
  title: string;
  description: string | null;
  /** open · onHold · inProgress · complete */
  status: string;
  /** 0 (lowest) … 3 (highest) */
  priority: number;
  /** A free category; the account's defaults include Damage, Electrical, Inspection, Meter Reading, Preventive, Project, Safety… */
  category: string | null;
  asset: string | null;
  location: string | null;
  assignedToUser: string | null;
  assignedByUser: string | null;
  team: string | null;
  dueDate: string | null;
  dateCompleted: string | null;
  time: number | null;
  cost: number | null;
  customFields?: UpKeepCustomField[];
  createdAt: string;
  updatedAt: string;
}

/** A purchase-order line ("parts ordered"). */
export interface UpKeepPurchaseOrderPart {
  part: string;
  partNumber: string | null;
  name: string | null;
  quantity: number;
  /** Unit price, a JSON number. */
  price: number;
  quantityReceived: number;
}

/** https://developers.onupkeep.com/#purchase-orders — GET/POST /api/v2/purchase-orders */
export interface UpKeepPurchaseOrder {
  id: string;
  purchaseOrderNo: string;
  title: string | null;
  /** draft · awaitingApproval · approved · partiallyFulfilled · fulfilled · declined · canceled */
  status: string;
  /** The vendor id, or the vendor object with `includes=vendor`. */
  vendor: string | (Partial<UpKeepVendor> & { id: string }) | null;
  location: string | null;
  currency?: string | null;
  datePurchased: string | null;
  dueDate: string | null;
  partsOrdered: UpKeepPurchaseOrderPart[];
  totalCost: number;
  customFields?: UpKeepCustomField[];
  createdAt: string;
  updatedAt: string;
}

/** POST /api/v2/purchase-orders */
export interface UpKeepCreatePurchaseOrder {
  vendor: string;
  title?: string;
  location?: string;
  currency?: string;
  dueDate?: string;
  partsOrdered: { part: string; quantity: number; price: number; description?: string }[];
  customFields?: UpKeepCustomField[];
}

/** PATCH /api/v2/work-orders/:id — only the fields given change. */
export interface UpKeepUpdateWorkOrder {
  status?: string;
  priority?: number;
  assignedToUser?: string | null;
  dueDate?: string | null;
  description?: string | null;
}

/** Which UpKeep resource holds each unified entity. */
export const RESOURCES = {
  locations: 'locations',
  vendors: 'vendors',
  assets: 'assets',
  'inventory-items': 'parts',
  'purchase-orders': 'purchase-orders',
  'work-orders': 'work-orders',
} as const;

/** Related objects to expand per resource, so the unified record can carry names. */
export const INCLUDES: Partial<Record<keyof typeof RESOURCES, string>> = {
  'purchase-orders': 'vendor',
};
