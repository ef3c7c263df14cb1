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
