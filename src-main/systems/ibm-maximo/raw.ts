// The raw shapes IBM Maximo's REST/OSLC JSON API sends (lean=1), kept apart
// from the mapping so the wire format is documented in one place. Members are
// open records: every object structure carries customer attributes too.
//
// API docs: https://ibm-maximo-dev.github.io/maximo-restapi-documentation/
//   (query/filtering, query/sort_and_paging, crud/create_and_update, authentication/auth)
// and the Next-Gen REST guide:
//   https://developer.ibm.com/static/site-id/155/maximodev/restguide/Maximo_Nextgen_REST_API.html

/** Every member has these, plus the object structure's attributes. */
export interface RawMember {
  /** `…/os/<os>/_<base64 of key values joined by "/", "=" → "-">` */
  href?: string;
  /** Database row stamp, a decimal string that grows with every change. */
  _rowstamp?: string;
  [attribute: string]: unknown;
}

/**
 * A collection page.
 * GET /maximo/api/os/<os>?lean=1&oslc.select=…&oslc.where=…&oslc.orderBy=%2Bchangedate&oslc.pageSize=N&pageno=P&collectioncount=1
 * (query/sort_and_paging: https://ibm-maximo-dev.github.io/maximo-restapi-documentation/query/sort_and_paging/)
 */
export interface RawCollection {
  member: RawMember[];
  responseInfo?: {
    href?: string;
    nextPage?: { href: string };
    previousPage?: { href: string };
    pagenum?: number;
    totalCount?: number;
    totalPages?: number;
  };
}

/**
 * The lean error envelope. `statusCode` is a STRING ("401").
 * e.g. {"Error":{"reasonCode":"BMXAA7901E","message":"BMXAA7901E - You cannot log in at this time…","statusCode":"401"}}
 * (BMXAA7901E: https://www.ibm.com/support/pages/node/1113621)
 */
export interface RawError {
  Error: {
    reasonCode?: string;
    message?: string;
    statusCode?: string;
    errorattrname?: string;
    errorobjpath?: string;
    extendedError?: { moreInfo?: { href?: string } };
  };
}

/** MXAPIWODETAIL member (WORKORDER). */
export interface RawWorkOrder extends RawMember {
  wonum: string;
  siteid: string;
  orgid?: string;
  description?: string;
  description_longdescription?: string;
  status: string;
  /** Internal value behind a synonym status (domain WOSTATUS). */
  status_maxvalue?: string;
  worktype?: string | null;
  wopriority?: number | null;
  assetnum?: string | null;
  location?: string | null;
  lead?: string | null;
  owner?: string | null;
  reportdate?: string;
  targcompdate?: string | null;
  schedfinish?: string | null;
  actfinish?: string | null;
  changedate: string;
}

/** MXAPIPO member (PO) with its POLINE children. */
export interface RawPurchaseOrder extends RawMember {
  ponum: string;
  revisionnum: number;
  siteid: string;
  orgid?: string;
  status: string;
  status_maxvalue?: string;
  vendor?: string | null;
  vendor_description?: string | null;
  orderdate?: string | null;
  requireddate?: string | null;
  totalcost?: number;
  currencycode?: string;
  changedate: string;
  poline?: RawPoLine[];
}

export interface RawPoLine {
  polinenum: number;
  itemnum?: string | null;
  itemsetid?: string | null;
  storeloc?: string | null;
  description?: string | null;
  orderqty: number;
  orderunit?: string | null;
  unitcost: number;
  linecost: number;
  receivedqty?: number;
  [attribute: string]: unknown;
}

/** MXAPIASSET member (ASSET). */
export interface RawAsset extends RawMember {
  assetnum: string;
  siteid: string;
  description?: string;
  status: string;
  status_maxvalue?: string;
  location?: string | null;
  parent?: string | null;
  manufacturer?: string | null;
  modelnum?: string | null;
  serialnum?: string | null;
  changedate: string;
}

/** MXAPIINVENTORY member (INVENTORY): one item in one storeroom. */
export interface RawInventory extends RawMember {
  itemnum: string;
  itemsetid: string;
  location: string;
  siteid: string;
  description?: string;
  curbaltotal?: number;
  reservedqty?: number;
  issueunit?: string | null;
  minlevel?: number | null;
  avgcost?: number | null;
  status?: string;
  changedate: string;
}

/** MXAPIVENDOR member (COMPANIES). */
export interface RawCompany extends RawMember {
  company: string;
  orgid: string;
  name?: string;
  type?: string;
  disabled?: boolean | string | number;
  phone?: string | null;
  address1?: string | null;
  address2?: string | null;
  address3?: string | null;
  address4?: string | null;
  address5?: string | null;
  currencycode?: string | null;
  companycontact?: { contact?: string; email?: string | null; phone?: string | null }[];
  changedate: string;
}

/** MXAPIOPERLOC member (LOCATIONS), with its hierarchy rows. */
export interface RawLocation extends RawMember {
  location: string;
  siteid: string;
  description?: string;
  type: string;
  type_maxvalue?: string;
  status?: string;
  lochierarchy?: { parent?: string | null; systemid?: string }[];
  changedate: string;
}

/**
 * Create: POST /maximo/api/os/mxapipo?lean=1 with header `properties: *` → 201 and the record.
 * Update: POST <href>?lean=1 with `x-method-override: PATCH`, `patchtype: MERGE`, `properties: *`.
 * (crud/create_and_update: https://ibm-maximo-dev.github.io/maximo-restapi-documentation/crud/create_and_update/)
 */
export interface RawCreatePo {
  siteid: string;
  orgid?: string;
  vendor: string;
  currencycode: string;
  requireddate?: string;
  poline: { itemnum: string; itemsetid: string; storeloc: string; orderqty: number; unitcost: number; description?: string; linetype: 'ITEM' }[];
  [attribute: string]: unknown;
}
