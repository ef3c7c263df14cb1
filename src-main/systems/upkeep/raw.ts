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
//   [?] meters (/meters: name, units, frequency, asset, location) and their readings (/meters/:id/readings:
//       GET newest first, POST {value, date}; a reading {value, date, user}), requests (/requests: title,
//       description, status open · approved · rejected, priority 0–3, asset, location, workOrder; POST creates
//       one), preventive maintenance (/pm: title, asset, location, priority, isPaused, schedules[{repeatFrequency,
//       repeatInterval days|weeks|months|years, nextDueDate}]) — names from third-party descriptions of the API
//   UpKeep has no purchase requisitions: purchases are purchase orders from the start.

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

// ---------------------------------------------------------------- envelopes and writes
// Lists answer {"success":true,"results":[…]}, single records {"success":true,"result":{…}},
// failures {"success":false,"message":"…"} (https://developers.onupkeep.com/#errors).
// POST /api/v2/auth {email, password} → {"success":true,"result":{"sessionToken":"r:…","expiresAt":"…Z"}}.
// The records' fields are read (and documented) by the mappers (mappers/).

/** UpKeep custom fields: an array of name/value pairs on any record. */
export interface UpKeepCustomField {
  id?: string;
  name: string;
  value: unknown;
  unit?: string | null;
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

/** POST /api/v2/meters/:id/readings */
export interface UpKeepCreateReading { value: number; date: string }

/** POST /api/v2/requests */
export interface UpKeepCreateRequest { title: string; description?: string; priority?: number; asset?: string; location?: string }

/** Which UpKeep resource holds each unified entity (readings are a sub-resource of their meter: see READINGS). */
export const RESOURCES = {
  locations: 'locations',
  vendors: 'vendors',
  assets: 'assets',
  'inventory-items': 'parts',
  'purchase-orders': 'purchase-orders',
  'work-orders': 'work-orders',
  meters: 'meters',
  'service-requests': 'requests',
  'maintenance-plans': 'pm',
} as const;

/** A meter's readings: /meters/:id/readings. */
export const READINGS = (meterId: string) => `meters/${encodeURIComponent(meterId)}/readings`;

/** Related objects to expand per resource, so the unified record can carry names. */
export const INCLUDES: Partial<Record<keyof typeof RESOURCES, string>> = {
  'purchase-orders': 'vendor',
};
