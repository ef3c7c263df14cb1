// An SAP S/4HANA (OData v2, SAP Gateway) emulator for tests and the lab. It
// speaks the way the real system does on the wire: one service root per API
// under /sap/opu/odata/sap/, Basic auth with 401 HTML pages and the NetWeaver
// realm, sap-client on-prem, user lock after 3 failed logons in the cloud,
// {"d":{"results":[…],"__count":"n"}} envelopes, /Date(ms)/ and /Date(ms+0000)/,
// decimals as strings, __metadata with weak ETags, item keys "10" or "00010",
// the equipment composite key with ValidityEndDate, SystemStatusText not
// filterable, $top/$skip/$inlinecount/$filter/$select/$expand/$orderby, CSRF
// tokens bound to the session cookie, deep insert of purchase orders, ETag rules
// (428 / 412) and function imports for maintenance-order status changes, and
// OData error bodies. Fault switches come from the shared shell.
//
// Real landscapes, each a switch (options or side-channel commands):
// - Server-side paging: SAP Gateway services cap a page below what $top asks for
//   and add "__next" with a $skiptoken (RAP services: 100 rows without $top, at
//   most 5,000 with it). `pageCap` / `setPageCap {rows, set?}`.
// - Services not activated (/IWFND/MAINT_SERVICE): every request to the service
//   root answers the Gateway's /IWFND/MED/170 "No service found for namespace
//   '/SAP/', name '…', version '0001'" error, 404 (some releases say 403), in
//   JSON or XML. `inactiveServices` / `deactivateService {service, status?}`.
// - Services the user may not use (role without S_SERVICE for it): 403 with an
//   OData error body. `unauthorizedServices` / `denyService {service, allow?}`.
//   [?] the Gateway's message id for a missing S_SERVICE is not documented in
//   our sources; the connector relies on the status, not on the id.
// - HTML error pages (the ICM or Web Dispatcher answering instead of the
//   service): the shared `html` fault draws SAP's own error page.
//
// The plant services. OData v2: API_MAINTNOTIFICATION (MaintenanceNotification; POST creates one,
// NotifProcessingPhase 1 outstanding · 2 postponed · 3 in process · 4 completed [?]),
// API_MAINTENANCEPLAN (MaintenancePlan with to_StrategyCycle and to_Item/to_MaintPlanCallObjects,
// a nested $expand) and API_PURCHASEREQ_PROCESS_SRV (A_PurchaseRequisitionHeader with
// to_PurchaseReqnItem [?] the navigation's name). OData v4 (the API Business Hub's
// OP_API_MEASURINGPOINT_0001 / OP_API_MEASUREMENTDOCUMENT_0001): /sap/opu/odata4/sap/<group>/
// srvd_a2x/sap/<service>/0001/ — {"value":[…],"@odata.nextLink"}, Edm.Date "2026-03-01",
// Edm.TimeOfDay "15:51:04", Edm.Double numbers, errors {"error":{"code","message","target","details"}}.
// A v4 service group not published (/IWFND/V4_ADMIN) answers 404 [?] (its message text is ours).
// POST MeasurementDocument refuses a point that does not exist, a value of the wrong kind for the
// point (a number, or one of its valuation codes), a time in the future, a counter going down and a
// second document at the same date and time [?] (message ids are the emulator's own).
import type http from 'node:http';
import crypto from 'node:crypto';
import { basicAuth, sendJson, sendTruncated, startEmulator, type EmulatorServer } from '../common/server.js';
import { privatePki } from '../common/tls.js';
import { sapIcmPage } from '../common/sap.js';
import { SapDataset, END_OF_TIME, renderStatus, statusTokens, type DatasetSize } from './dataset.js';
import { ODataQueryError, compareValues, parseFilter, parseLiteralDate, parseOrderBy, type Row } from './filter.js';

export interface SapEmulatorOptions {
  seed?: number;
  size?: DatasetSize;
  tls?: boolean;
  port?: number;
  credentials?: { username: string; password: string };
  /** cloud: the communication user locks after 3 failed logons. on_prem: sap-client is checked. */
  deployment?: 'cloud' | 'on_prem';
  client?: string;
  /** Server-side page cap: at most this many rows per answer (all entity sets, or per entity set name). */
  pageCap?: number | Record<string, number>;
  /** OData services that are not activated in /IWFND/MAINT_SERVICE. */
  inactiveServices?: string[];
  /** OData services the user's roles do not allow (403). */
  unauthorizedServices?: string[];
}

export interface SapEmulator extends EmulatorServer {
  data: SapDataset;
  credentials(): { username: string; password: string };
  /** The CA certificate to trust when tls is on. */
  caCert: string | null;
  stats: { requests: number; unauthorized: number; lists: Record<string, number> };
  /** Called before every collection read (tests use it to take the system down mid-sync). */
  hooks: {
    beforeList?: (set: string, url: URL) => void | Promise<void>;
    /** Called before every authenticated request is handled (method after X-HTTP-Method). */
    beforeRequest?: (method: string, url: URL) => void | Promise<void>;
  };
  /** Change fields of one record as SAP would (bumps LastChangeDateTime where the entity has one). */
  patch(entity: string, key: string, fields: Row): void;
}

type DateKind = 'dt' | 'dto';
interface NavDef { type: string; set: string; keys: string[]; dates?: Record<string, DateKind>; rows: (r: Row) => Row[]; nav?: Record<string, NavDef> }
interface SetDef {
  service: string;
  set: string;
  type: string;
  keys: string[];
  dates: Record<string, DateKind>;
  rows: () => Iterable<Row>;
  find: (key: Record<string, unknown>) => Row | undefined;
  nav?: Record<string, NavDef>;
  etag?: boolean;
  nonFilterable?: string[];
  /** A field to break when the malformed-record fault fires. */
  malform: [string, unknown];
}

const SID = 'S4H';
const V4_PREFIX = '/sap/opu/odata4/sap/';

/** The OData v4 services: service group and service in the URL, their entity sets. */
interface V4Set { keys: string[]; rows: () => Row[] }
const V4_SERVICES: Record<string, { group: string; name: string; sets: (d: SapDataset) => Record<string, V4Set> }> = {
  API_MEASURINGPOINT: { group: 'api_measuringpoint', name: 'measuringpoint', sets: (d) => ({ MeasuringPoint: { keys: ['MeasuringPoint'], rows: () => d.measuringPoints } }) },
  API_MEASUREMENTDOCUMENT: { group: 'api_measurementdocument', name: 'measurementdocument', sets: (d) => ({ MeasurementDocument: { keys: ['MeasurementDocument'], rows: () => d.measurementDocuments } }) },
};

const sapHtmlPage = (status: number) => sapIcmPage(SID, status);

export async function startSapS4hanaEmulator(opts: SapEmulatorOptions = {}): Promise<SapEmulator> {
  const data = new SapDataset(opts.seed ?? 1, opts.size);
  const deployment = opts.deployment ?? 'on_prem';
  const client = opts.client ?? '100';
  let creds = opts.credentials ?? { username: 'MW_COMM_USER', password: 'Welcome-1234' };
  let failed = 0;
  let locked = false;
  let rotation = 0;
  const sessions = new Map<string, string>(); // session id → CSRF token
  const stats = { requests: 0, unauthorized: 0, lists: {} as Record<string, number> };
  const hooks: SapEmulator['hooks'] = {};
  const pki = opts.tls ? privatePki() : null;
  /** Page caps by entity set ('*' = every set). */
  const pageCaps = new Map<string, number>(typeof opts.pageCap === 'number' ? [['*', opts.pageCap]] : Object.entries(opts.pageCap ?? {}));
  /** Inactive services and the status the Gateway answers them with. */
  const inactive = new Map<string, number>((opts.inactiveServices ?? []).map((s) => [s, 404]));
  const unauthorizedServices = new Set(opts.unauthorizedServices ?? []);

  // ---------------------------------------------------------------- entity sets

  const byKey = (rows: () => Iterable<Row>, keys: string[]) => (k: Record<string, unknown>) => {
    for (const r of rows()) if (keys.every((f) => compareValues(r[f], k[f]) === 0)) return r;
    return undefined;
  };
  const sets: SetDef[] = [
    {
      service: 'API_PURCHASEORDER_PROCESS_SRV', set: 'A_PurchaseOrder', type: 'API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderType', keys: ['PurchaseOrder'],
      dates: { CreationDate: 'dt', PurchaseOrderDate: 'dt', LastChangeDateTime: 'dto' }, rows: () => data.purchaseOrders, find: byKey(() => data.purchaseOrders, ['PurchaseOrder']),
      etag: true, malform: ['CreationDate', 'garbage'],
      nav: {
        to_PurchaseOrderItem: { type: 'API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderItemType', set: 'A_PurchaseOrderItem', keys: ['PurchaseOrder', 'PurchaseOrderItem'], rows: (r) => r._items as Row[] },
        to_PurchaseOrderNote: { type: 'API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderNoteType', set: 'A_PurchaseOrderNote', keys: ['PurchaseOrder'], rows: () => [] },
      },
    },
    {
      service: 'API_MAINTENANCEORDER', set: 'MaintenanceOrder', type: 'API_MAINTENANCEORDER.MaintenanceOrderType', keys: ['MaintenanceOrder'],
      dates: { MaintOrdBasicStartDateTime: 'dto', MaintOrdBasicEndDateTime: 'dto', MaintOrdBasicStartDate: 'dt', MaintOrdBasicEndDate: 'dt', MainWorkCompletedDateTime: 'dto', MaintOrderReferenceDateTime: 'dto', MaintOrderCreationDateTime: 'dto', LastChangeDateTime: 'dto' },
      rows: () => data.workOrders(), find: (k) => { const i = data.workOrderIndex(String(k.MaintenanceOrder)); return i === null ? undefined : data.workOrderAt(i); },
      etag: true, nonFilterable: ['SystemStatusText', 'UserStatusText'], malform: ['MaintOrderCreationDateTime', 'garbage'],
      nav: {
        to_MaintenanceOrderOperation: { type: 'API_MAINTENANCEORDER.MaintenanceOrderOperationType', set: 'MaintenanceOrderOperation', keys: ['MaintenanceOrder'], rows: () => [] },
        to_MaintenanceOrderLongText: { type: 'API_MAINTENANCEORDER.MaintenanceOrderLongTextType', set: 'MaintenanceOrderLongText', keys: ['MaintenanceOrder'], rows: () => [] },
      },
    },
    {
      service: 'API_EQUIPMENT', set: 'Equipment', type: 'API_EQUIPMENT.EquipmentType', keys: ['Equipment', 'ValidityEndDate'],
      dates: { ValidityEndDate: 'dt', ValidityStartDate: 'dt', CreationDate: 'dt', LastChangeDateTime: 'dto' }, rows: () => data.equipment,
      find: byKey(() => data.equipment, ['Equipment', 'ValidityEndDate']), etag: true, malform: ['CreationDate', 'garbage'],
    },
    {
      service: 'API_BUSINESS_PARTNER', set: 'A_Supplier', type: 'API_BUSINESS_PARTNER.A_SupplierType', keys: ['Supplier'], dates: { CreationDate: 'dt' },
      rows: () => data.suppliers, find: byKey(() => data.suppliers, ['Supplier']), malform: ['CreationDate', 'garbage'],
      nav: {
        to_SupplierCompany: { type: 'API_BUSINESS_PARTNER.A_SupplierCompanyType', set: 'A_SupplierCompany', keys: ['Supplier', 'CompanyCode'], rows: (r) => r._company as Row[] },
        to_SupplierPurchasingOrg: { type: 'API_BUSINESS_PARTNER.A_SupplierPurchasingOrgType', set: 'A_SupplierPurchasingOrg', keys: ['Supplier', 'PurchasingOrganization'], rows: (r) => r._purchOrg as Row[] },
      },
    },
    {
      service: 'API_PRODUCT_SRV', set: 'A_Product', type: 'API_PRODUCT_SRV.A_ProductType', keys: ['Product'], dates: { CreationDate: 'dt', LastChangeDateTime: 'dto' },
      rows: () => data.products, find: byKey(() => data.products, ['Product']), malform: ['CreationDate', 'garbage'],
      nav: {
        to_Description: { type: 'API_PRODUCT_SRV.A_ProductDescriptionType', set: 'A_ProductDescription', keys: ['Product', 'Language'], rows: (r) => r._descriptions as Row[] },
        to_Valuation: { type: 'API_PRODUCT_SRV.A_ProductValuationType', set: 'A_ProductValuation', keys: ['Product', 'ValuationArea', 'ValuationType'], rows: (r) => r._valuations as Row[] },
        to_Plant: { type: 'API_PRODUCT_SRV.A_ProductPlantType', set: 'A_ProductPlant', keys: ['Product', 'Plant'], rows: () => [] },
      },
    },
    {
      service: 'API_MATERIAL_STOCK_SRV', set: 'A_MatlStkInAcctMod', type: 'API_MATERIAL_STOCK_SRV.A_MatlStkInAcctModType',
      keys: ['Material', 'Plant', 'StorageLocation', 'Batch', 'Supplier', 'Customer', 'WBSElementInternalID', 'SDDocument', 'SDDocumentItem', 'InventorySpecialStockType', 'InventoryStockType'],
      dates: {}, rows: () => data.stock, find: () => undefined, malform: ['MatlWrhsStkQtyInMatlBaseUnit', 'garbage'],
    },
    {
      service: 'API_PLANT_SRV', set: 'A_Plant', type: 'API_PLANT_SRV.A_PlantType', keys: ['Plant'], dates: {},
      rows: () => data.plants, find: byKey(() => data.plants, ['Plant']), malform: ['PlantName', 12345],
    },
    {
      service: 'API_MAINTNOTIFICATION', set: 'MaintenanceNotification', type: 'API_MAINTNOTIFICATION.MaintenanceNotificationType', keys: ['MaintenanceNotification'],
      dates: { CreationDate: 'dt', NotificationCreationDate: 'dt', LastChangeDateTime: 'dto' }, rows: () => data.notifications,
      find: byKey(() => data.notifications, ['MaintenanceNotification']), etag: true, malform: ['CreationDate', 'garbage'],
      nonFilterable: ['ConcatenatedActiveSystStsName'],
    },
    {
      service: 'API_MAINTENANCEPLAN', set: 'MaintenancePlan', type: 'API_MAINTENANCEPLAN.MaintenancePlanType', keys: ['MaintenancePlan'],
      dates: { CreationDate: 'dt', LastChangeDateTime: 'dto' }, rows: () => data.maintenancePlans, find: byKey(() => data.maintenancePlans, ['MaintenancePlan']),
      etag: true, malform: ['CreationDate', 'garbage'],
      nav: {
        to_StrategyCycle: { type: 'API_MAINTENANCEPLAN.MaintenancePlanCycleType', set: 'MaintenancePlanCycle', keys: ['MaintenancePlan', 'MaintenancePlanCycle'], rows: (r) => r._cycles as Row[] },
        to_Item: {
          type: 'API_MAINTENANCEPLAN.MaintenanceItemType', set: 'MaintenanceItem', keys: ['MaintenanceItem'], rows: (r) => r._items as Row[],
          nav: { to_MaintPlanCallObjects: { type: 'API_MAINTENANCEPLAN.MaintPlanCallObjectType', set: 'MaintPlanCallObject', keys: ['MaintenancePlan', 'MaintenancePlanCallNumber', 'MaintenanceItem'], dates: { PlannedStartDate: 'dt' }, rows: (r) => r._calls as Row[] } },
        },
      },
    },
    {
      service: 'API_PURCHASEREQ_PROCESS_SRV', set: 'A_PurchaseRequisitionHeader', type: 'API_PURCHASEREQ_PROCESS_SRV.A_PurchaseRequisitionHeaderType', keys: ['PurchaseRequisition'],
      dates: {}, rows: () => data.requisitions, find: byKey(() => data.requisitions, ['PurchaseRequisition']), malform: ['PurReqnDescription', 404],
      nav: {
        to_PurchaseReqnItem: { type: 'API_PURCHASEREQ_PROCESS_SRV.A_PurchaseRequisitionItemType', set: 'A_PurchaseRequisitionItem', keys: ['PurchaseRequisition', 'PurchaseRequisitionItem'], dates: { CreationDate: 'dt', DeliveryDate: 'dt' }, rows: (r) => r._items as Row[] },
      },
    },
    {
      service: 'API_STORAGELOCATION_SRV', set: 'A_StorageLocation', type: 'API_STORAGELOCATION_SRV.A_StorageLocationType', keys: ['Plant', 'StorageLocation'], dates: {},
      rows: () => data.storageLocations, find: byKey(() => data.storageLocations, ['Plant', 'StorageLocation']), malform: ['StorageLocationName', 42],
    },
  ];
  const services = new Set([...sets.map((s) => s.service), ...Object.keys(V4_SERVICES)]);
  const fieldsCache = new Map<SetDef, Set<string>>();
  const fieldsOf = (def: SetDef): Set<string> => {
    let f = fieldsCache.get(def);
    if (!f) {
      f = new Set<string>();
      for (const r of def.rows()) { for (const k of Object.keys(r)) if (!k.startsWith('_')) f.add(k); break; }
      for (const k of def.keys) f.add(k);
      fieldsCache.set(def, f);
    }
    return f;
  };

  // ---------------------------------------------------------------- wire formats

  const fmtDate = (kind: DateKind | undefined, v: unknown) => {
    if (kind && typeof v === 'number') return kind === 'dto' ? `/Date(${v}+0000)/` : `/Date(${v})/`;
    if (kind && v === 'garbage') return '/Date(garbage)/';
    return v;
  };
  const literal = (v: unknown, kind?: DateKind) => (kind && typeof v === 'number' ? `datetime'${new Date(v).toISOString().slice(0, 19)}'` : `'${String(v).replace(/'/g, "''")}'`);
  const keyText = (keys: string[], row: Row, dates: Record<string, DateKind> = {}) =>
    keys.length === 1 ? literal(row[keys[0]], dates[keys[0]]) : keys.map((k) => `${k}=${literal(row[k], dates[k])}`).join(',');
  const etagOf = (row: Row) => {
    const ms = row.LastChangeDateTime as number;
    return `W/"datetimeoffset'${encodeURIComponent(new Date(ms).toISOString().replace('Z', '0000Z'))}'"`;
  };

  function serialize(origin: string, service: string, type: string, set: string, keys: string[], dates: Record<string, DateKind>, row: Row, opt: { etag?: boolean; select?: Set<string> | null; expand?: Set<string>; nav?: Record<string, NavDef> } = {}): Row {
    const uri = `${origin}/sap/opu/odata/sap/${service}/${set}(${keyText(keys, row, dates)})`;
    const out: Row = { __metadata: { id: uri, uri, type, ...(opt.etag ? { etag: etagOf(row) } : {}) } };
    for (const [k, v] of Object.entries(row)) {
      if (k.startsWith('_') || (opt.select && !opt.select.has(k))) continue;
      out[k] = fmtDate(dates[k], v);
    }
    for (const [name, nav] of Object.entries(opt.nav ?? {})) {
      // "to_Item/to_MaintPlanCallObjects" expands to_Item and, inside it, its calls
      const deeper = new Set([...(opt.expand ?? [])].filter((e) => e.startsWith(`${name}/`)).map((e) => e.slice(name.length + 1)));
      if (opt.expand?.has(name) || deeper.size) out[name] = { results: nav.rows(row).map((c) => serialize(origin, service, nav.type, nav.set, nav.keys, nav.dates ?? {}, c, { expand: deeper, nav: nav.nav })) };
      else if (!opt.select || opt.select.has(name)) out[name] = { __deferred: { uri: `${uri}/${name}` } };
    }
    return out;
  }

  // ---------------------------------------------------------------- answers

  const odataError = (res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, target = '') =>
    sendJson(res, status, {
      error: {
        code, message: { lang: 'en', value: message },
        innererror: {
          application: { component_id: 'MM-PUR-GF-OD', service_namespace: '/SAP/', service_id: 'EMULATOR', service_version: '0001' },
          transactionid: crypto.randomBytes(16).toString('hex').toUpperCase(), timestamp: new Date().toISOString().replace(/\D/g, '').slice(0, 17),
          Error_Resolution: { SAP_Transaction: 'Run transaction /IWFND/ERROR_LOG on SAP Gateway hub system', SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)' },
          errordetails: [{ code, message, propertyref: target, severity: 'error', target, transition: false }],
        },
      },
    }, headers);

  /** The Gateway's answer for a service that is not activated: /IWFND/MED/170, JSON or XML as the client asks. */
  const noService = (res: http.ServerResponse, url: URL, accept: string, service: string, status: number) => {
    const message = `No service found for namespace '/SAP/', name '${service}', version '0001'`;
    const transactionid = crypto.randomBytes(16).toString('hex').toUpperCase();
    const timestamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17);
    const resolution = { SAP_Transaction: 'Run transaction /IWFND/ERROR_LOG on SAP Gateway hub system (System Alias ) and search for entries with the timestamp above for more details', SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)' };
    if (url.searchParams.get('$format') === 'json' || accept.includes('json')) {
      return sendJson(res, status, { error: { code: '/IWFND/MED/170', message: { lang: 'en', value: message }, innererror: {
        application: { component_id: '', service_namespace: '/SAP/', service_id: service, service_version: '0001' }, transactionid, timestamp, Error_Resolution: resolution, errordetails: [],
      } } });
    }
    res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' });
    return res.end(`<?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code>/IWFND/MED/170</code><message xml:lang="en">${message.replace(/'/g, '&apos;')}</message>`
      + `<innererror><application><component_id/><service_namespace>/SAP/</service_namespace><service_id>${service}</service_id><service_version>0001</service_version></application><transactionid>${transactionid}</transactionid><timestamp>${timestamp}</timestamp>`
      + `<Error_Resolution><SAP_Transaction>${resolution.SAP_Transaction}</SAP_Transaction><SAP_Note>${resolution.SAP_Note}</SAP_Note></Error_Resolution><errordetails/></innererror></error>`);
  };

  const unauthorized = (res: http.ServerResponse) => {
    stats.unauthorized++;
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'www-authenticate': `Basic realm="SAP NetWeaver Application Server [${SID}/${client}]"`, 'sap-server': 'true' });
    res.end(`<html><head><title>Logon Error Message</title></head><body><h1>Anmeldung fehlgeschlagen / Logon failed</h1><p>401 Unauthorized</p><p>Server time: ${new Date().toISOString()}</p></body></html>`);
  };

  // ---------------------------------------------------------------- the handler

  /** CSRF: a token issued on "x-csrf-token: Fetch" (GET), bound to the session cookie, required on every modifying request. False: refused (answered). */
  const csrf = (req: http.IncomingMessage, res: http.ServerResponse, method: string): boolean => {
    if (method === 'GET' && String(req.headers['x-csrf-token'] ?? '').toLowerCase() === 'fetch') {
      const sid = crypto.randomBytes(24).toString('base64url');
      const token = crypto.randomBytes(18).toString('base64');
      sessions.set(sid, token);
      res.setHeader('x-csrf-token', token);
      res.setHeader('set-cookie', [`SAP_SESSIONID_${SID}_${client}=${sid}; path=/; HttpOnly`, `sap-XSRF_${SID}_${client}=${crypto.randomBytes(12).toString('hex')}; path=/sap/opu/odata/; secure; HttpOnly`]);
    }
    if (method !== 'GET') {
      const cookies = Object.fromEntries(String(req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p.length >= 2).map(([k, ...v]) => [k, v.join('=')]));
      const sid = cookies[`SAP_SESSIONID_${SID}_${client}`];
      const token = String(req.headers['x-csrf-token'] ?? '');
      if (!sid || !sessions.has(sid) || sessions.get(sid) !== token) {
        res.writeHead(403, { 'x-csrf-token': 'Required', 'content-type': 'text/plain; charset=utf-8' });
        res.end('CSRF token validation failed');
        return false;
      }
    }

    return true;
  };


  const handler = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL) => {
    stats.requests++;
    const origin = `${pki ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
    const prefix = '/sap/opu/odata/sap/';
    const v4 = url.pathname.startsWith(V4_PREFIX);
    if (!url.pathname.startsWith(prefix) && !v4) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'sap-server': 'true' });
      return res.end(sapHtmlPage(404));
    }

    // logon: sap-client (on-prem), user, password, lock
    const sapClient = url.searchParams.get('sap-client');
    if (deployment === 'on_prem' && sapClient !== null && sapClient !== client) return unauthorized(res);
    const who = basicAuth(req);
    if (!who) return unauthorized(res);
    if (locked) { if (deployment === 'cloud') failed++; return unauthorized(res); }
    if (who.user !== creds.username || who.password !== creds.password) {
      failed++;
      if (deployment === 'cloud' && failed >= 3) locked = true;
      return unauthorized(res);
    }
    failed = 0;

    if (v4) return handleV4(req, res, body, url);
    const rest = decodeURIComponent(url.pathname.slice(prefix.length));
    const slash = rest.indexOf('/');
    const service = slash < 0 ? rest : rest.slice(0, slash);
    const resource = slash < 0 ? '' : rest.slice(slash + 1);
    const accept = String(req.headers.accept ?? '');
    if (!services.has(service)) return noService(res, url, accept, service, 404);
    if (inactive.has(service)) return noService(res, url, accept, service, inactive.get(service)!);
    if (unauthorizedServices.has(service)) {
      return odataError(res, 403, '/IWFND/CM_CONSUMER/101', `No authorization to access service '${service}' (user ${creds.username}); authorization object S_SERVICE`);
    }
    const method = (req.method === 'POST' && String(req.headers['x-http-method'] ?? '').toUpperCase() === 'MERGE') || req.method === 'MERGE' ? 'PATCH' : req.method ?? 'GET';

    if (!csrf(req, res, method)) return;
    await hooks.beforeRequest?.(method, url);
    if (resource === '' || resource === '$metadata') {
      if (method !== 'GET') return odataError(res, 405, '/IWBEP/CM_MGW_RT/021', 'Method not allowed');
      if (resource === '$metadata') { res.writeHead(200, { 'content-type': 'application/xml' }); return res.end(`<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx"><edmx:DataServices m:DataServiceVersion="2.0" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"/></edmx:Edmx>`); }
      return sendJson(res, 200, { d: { EntitySets: sets.filter((s) => s.service === service).map((s) => s.set) } });
    }

    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?$/.exec(resource);
    if (!m) return odataError(res, 404, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${resource}'`);
    const [, name, keyPart] = m;
    const def = sets.find((s) => s.service === service && s.set === name);

    try {
      if (service === 'API_MAINTENANCEORDER' && !def && method === 'POST') return functionImport(name, url, req, res);
      if (!def) return odataError(res, 404, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${name}'`);
      if (keyPart === undefined) {
        if (method === 'GET') return await list(def, url, res, origin);
        if (method === 'POST' && def.set === 'A_PurchaseOrder') return createPo(body, res, origin);
        if (method === 'POST' && def.set === 'MaintenanceNotification') return createNotification(def, body, res, origin);
        return odataError(res, 405, '/IWBEP/CM_MGW_RT/021', 'Method not allowed for this resource');
      }
      const key = parseKey(def, keyPart);
      const row = def.find(key);
      if (!row) return odataError(res, 404, '/IWBEP/CM_MGW_RT/004', `Resource not found for segment '${name}'`);
      if (method === 'GET') {
        const expand = new Set((url.searchParams.get('$expand') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
        const out = serialize(origin, def.service, def.type, def.set, def.keys, def.dates, row, { etag: def.etag, expand, nav: def.nav });
        return sendJson(res, 200, { d: out }, def.etag ? { etag: etagOf(row) } : {});
      }
      if (method === 'PATCH' && def.set === 'MaintenanceOrder') return patchOrder(row, req, body, res);
      return odataError(res, 405, '/IWBEP/CM_MGW_RT/021', 'Method not allowed for this resource');
    } catch (err) {
      if (err instanceof ODataQueryError) return odataError(res, 400, '/IWBEP/CM_MGW_RT/022', err.message);
      throw err;
    }
  };

  function parseKey(def: SetDef, text: string): Record<string, unknown> {
    const parts: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of text) {
      if (ch === "'") quoted = !quoted;
      if (ch === ',' && !quoted) { parts.push(cur); cur = ''; } else cur += ch;
    }
    parts.push(cur);
    const val = (v: string): unknown => {
      const typed = /^(datetime|datetimeoffset)'(.*)'$/.exec(v);
      if (typed) return parseLiteralDate(typed[2]);
      const s = /^'(.*)'$/.exec(v);
      if (s) return s[1].replace(/''/g, "'");
      throw new ODataQueryError(`Invalid key predicate (${text})`);
    };
    if (parts.length === 1 && !/^[A-Za-z_]+=/.test(parts[0])) {
      if (def.keys.length !== 1) throw new ODataQueryError(`Invalid key predicate (${text})`);
      return { [def.keys[0]]: val(parts[0]) };
    }
    const out: Record<string, unknown> = {};
    for (const p of parts) { const i = p.indexOf('='); out[p.slice(0, i)] = val(p.slice(i + 1)); }
    if (!def.keys.every((k) => k in out)) throw new ODataQueryError(`Invalid key predicate (${text})`);
    return out;
  }

  async function list(def: SetDef, url: URL, res: http.ServerResponse, origin: string) {
    stats.lists[def.set] = (stats.lists[def.set] ?? 0) + 1;
    await hooks.beforeList?.(def.set, url);
    const q = url.searchParams;
    const fields = fieldsOf(def);
    const ctx = { fields, nonFilterable: new Set(def.nonFilterable ?? []), nonSortable: new Set(def.nonFilterable ?? []) };
    const filter = q.get('$filter') ? parseFilter(q.get('$filter')!, ctx) : null;
    const order = q.get('$orderby') ? parseOrderBy(q.get('$orderby')!, ctx) : parseOrderBy(def.keys.join(','), ctx);
    const select = q.get('$select') ? new Set(q.get('$select')!.split(',').map((s) => s.trim())) : null;
    if (select) for (const f of select) if (!fields.has(f) && !def.nav?.[f]) throw new ODataQueryError(`Property ${f} not found`);
    const expand = new Set((q.get('$expand') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    for (const e of expand) {
      let nav: Record<string, NavDef> | undefined = def.nav;
      for (const seg of e.split('/')) { const next: NavDef | undefined = nav?.[seg]; if (!next) throw new ODataQueryError(`Navigation property ${e} not found`); nav = next.nav; }
    }
    const skip = Number(q.get('$skip') ?? 0) + Number(q.get('$skiptoken') ?? 0);
    const top = q.get('$top') === null ? null : Number(q.get('$top'));
    if (!Number.isInteger(skip) || skip < 0 || (top !== null && (!Number.isInteger(top) || top < 0))) throw new ODataQueryError('Invalid $top, $skip or $skiptoken');
    // server-side paging: never more than 5,000 rows, and never more than the service's own cap
    const limit = Math.min(top ?? 5000, 5000, pageCaps.get(def.set) ?? pageCaps.get('*') ?? 5000);

    const matched: Row[] = [];
    for (const r of def.rows()) if (!filter || filter(r)) matched.push(r);
    const pageRows = topK(matched, skip + limit, order).slice(skip, skip + limit);
    const results = pageRows.map((r) => serialize(origin, def.service, def.type, def.set, def.keys, def.dates, r, { etag: def.etag, select, expand, nav: def.nav }));
    const d: Row = { results };
    if (q.get('$inlinecount') === 'allpages') d.__count = String(matched.length);
    if ((top === null || top > limit) && skip + limit < matched.length) {
      // the next link keeps the query and carries the position in $skiptoken (what is left of $top with it)
      const next = new URLSearchParams(q);
      next.delete('$skip');
      next.set('$skiptoken', String(skip + limit));
      if (top !== null) next.set('$top', String(top - limit));
      d.__next = `${origin}/sap/opu/odata/sap/${def.service}/${def.set}?${next.toString()}`;
    }
    if (server.faults.malformedNext > 0 && results.length > 0) {
      server.faults.malformedNext--;
      const victim = results[Math.floor(results.length / 2)];
      victim[def.malform[0]] = fmtDate(def.dates[def.malform[0]], def.malform[1]);
    }
    if (server.faults.truncateNext > 0) {
      server.faults.truncateNext--;
      return sendTruncated(res, { d });
    }
    return sendJson(res, 200, { d });
  }

  /** The first k rows in order, without sorting everything when k is small. */
  function topK(rows: Row[], k: number, cmp: (a: Row, b: Row) => number): Row[] {
    if (k * 4 >= rows.length) return rows.sort(cmp);
    const buf: Row[] = [];
    for (const r of rows) {
      if (buf.length === k && cmp(r, buf[k - 1]) >= 0) continue;
      let lo = 0;
      let hi = buf.length;
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (cmp(buf[mid], r) <= 0) lo = mid + 1; else hi = mid; }
      buf.splice(lo, 0, r);
      if (buf.length > k) buf.pop();
    }
    return buf;
  }


  // ---------------------------------------------------------------- OData v4

  const v4Error = (res: http.ServerResponse, status: number, code: string, message: string, target = '') =>
    sendJson(res, status, { error: { code, message, target, details: target ? [{ code, message, target }] : [], innererror: { transactionid: crypto.randomBytes(16).toString('hex').toUpperCase() } } });

  /** A v4 row on the wire: without the emulator's own "_" columns. */
  const v4Row = (row: Row, select: Set<string> | null): Row => Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_') && (!select || select.has(k))));

  async function handleV4(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL) {
    const m = /^\/sap\/opu\/odata4\/sap\/([^/]+)\/srvd_a2x\/sap\/([^/]+)\/0001\/(.*)$/.exec(url.pathname);
    const entry = m ? Object.entries(V4_SERVICES).find(([, v]) => v.group === m[1] && v.name === m[2]) : undefined;
    if (!m || !entry || inactive.has(entry[0])) {
      // [?] the text is ours: a service group that is not published in /IWFND/V4_ADMIN
      return v4Error(res, 404, '/IWBEP/CM_V4_COS/014', `Service group '${m?.[1] ?? ''}' is not published (/IWFND/V4_ADMIN)`);
    }
    const [service, def] = entry;
    if (unauthorizedServices.has(service)) return v4Error(res, 403, '/IWFND/CM_CONSUMER/101', `No authorization to access service '${service}' (user ${creds.username}); authorization object S_SERVICE`);
    const method = req.method ?? 'GET';
    if (!csrf(req, res, method)) return;
    await hooks.beforeRequest?.(method, url);
    const resource = decodeURIComponent(m[3]);
    const setDefs = def.sets(data);
    if (resource === '' || resource === '$metadata') {
      if (method !== 'GET') return v4Error(res, 405, '/IWBEP/CM_V4_RT/021', 'Method not allowed');
      return sendJson(res, 200, { '@odata.context': '$metadata', value: Object.keys(setDefs).map((n) => ({ name: n, url: n })) });
    }
    const rm = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(resource);
    const set = rm ? setDefs[rm[1]] : undefined;
    if (!rm || !set) return v4Error(res, 404, '/IWBEP/CM_V4_RT/021', `Resource not found for segment '${resource}'`);
    try {
      if (rm[2] !== undefined) {
        const key = (/^(?:\w+=)?'(.*)'$/.exec(rm[2])?.[1] ?? '').replace(/''/g, "'");
        const row = set.rows().find((r) => String(r[set.keys[0]]) === key);
        if (!row) return v4Error(res, 404, '/IWBEP/CM_V4_RT/004', `Resource not found for segment '${resource}'`);
        return sendJson(res, 200, { '@odata.context': `$metadata#${rm[1]}/$entity`, ...v4Row(row, null) });
      }
      if (method === 'POST' && rm[1] === 'MeasurementDocument') return createDocument(body, res);
      if (method !== 'GET') return v4Error(res, 405, '/IWBEP/CM_V4_RT/021', 'Method not allowed for this resource');
      stats.lists[rm[1]] = (stats.lists[rm[1]] ?? 0) + 1;
      await hooks.beforeList?.(rm[1], url);
      const q = url.searchParams;
      const rows = set.rows();
      const fields = new Set<string>(Object.keys(rows[0] ?? {}).filter((k) => !k.startsWith('_')));
      for (const k of set.keys) fields.add(k);
      const filter = q.get('$filter') ? parseFilter(q.get('$filter')!, { fields }) : null;
      const order = parseOrderBy(q.get('$orderby') ?? set.keys.join(','), { fields });
      const select = q.get('$select') ? new Set(q.get('$select')!.split(',').map((x) => x.trim())) : null;
      const skip = Number(q.get('$skip') ?? 0) + Number(q.get('$skiptoken') ?? 0);
      const top = q.get('$top') === null ? null : Number(q.get('$top'));
      if (!Number.isInteger(skip) || skip < 0 || (top !== null && (!Number.isInteger(top) || top < 0))) throw new ODataQueryError('Invalid $top, $skip or $skiptoken');
      const limit = Math.min(top ?? 5000, 5000, pageCaps.get(rm[1]) ?? pageCaps.get('*') ?? 5000);
      const matched = rows.filter((r) => !filter || filter(r)).sort(order);
      const page = matched.slice(skip, skip + limit).map((r) => v4Row(r, select));
      const out: Row = { '@odata.context': `$metadata#${rm[1]}` };
      if (q.get('$count') === 'true') out['@odata.count'] = matched.length;
      out.value = page;
      if ((top === null || top > limit) && skip + limit < matched.length) {
        const next = new URLSearchParams(q);
        next.delete('$skip');
        next.set('$skiptoken', String(skip + limit));
        if (top !== null) next.set('$top', String(top - limit));
        out['@odata.nextLink'] = `${rm[1]}?${next.toString()}`;
      }
      if (server.faults.malformedNext > 0 && page.length > 0) { server.faults.malformedNext--; page[Math.floor(page.length / 2)].MsmtRdngDate = 'yesterday'; }
      if (server.faults.truncateNext > 0) { server.faults.truncateNext--; return sendTruncated(res, out); }
      return sendJson(res, 200, out);
    } catch (err) {
      if (err instanceof ODataQueryError) return v4Error(res, 400, '/IWBEP/CM_V4_RT/022', err.message);
      throw err;
    }
  }

  /** POST MeasurementDocument: SAP's checks on a new reading [?] (message ids of our own). */
  function createDocument(body: Buffer, res: http.ServerResponse) {
    let input: Row;
    try { input = JSON.parse(body.toString('utf8')) as Row; } catch { return v4Error(res, 400, '/IWBEP/CM_V4_RT/007', 'The request body is not valid JSON'); }
    const point = data.measuringPoints.find((p) => p.MeasuringPoint === String(input.MeasuringPoint ?? ''));
    if (!point) return v4Error(res, 400, 'IR/203', `Measuring point ${String(input.MeasuringPoint ?? '')} does not exist`, 'MeasuringPoint');
    if (point.MeasuringPointIsInactive) return v4Error(res, 400, 'IR/206', `Measuring point ${String(point.MeasuringPoint)} is inactive`, 'MeasuringPoint');
    const date = String(input.MsmtRdngDate ?? '');
    const time = String(input.MsmtRdngTime ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}:\d{2}$/.test(time) || !Number.isFinite(Date.parse(`${date}T${time}Z`))) return v4Error(res, 400, 'IR/210', 'Enter a valid date and time of the measurement', 'MsmtRdngDate');
    const atMs = Date.parse(`${date}T${time}Z`);
    if (atMs > Date.now() + 5 * 60_000) return v4Error(res, 400, 'IR/211', `The measurement time ${date} ${time} lies in the future`, 'MsmtRdngDate');
    const code = String(input.MsmtValuationCode ?? '');
    const raw = input.MeasurementReadingInEntryUoM;
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : null;
    if (point.ValuationCodeIsSufficient) {
      if (!(point._valuationCodes as string[]).includes(code)) return v4Error(res, 400, 'IR/234', `Valuation code ${code} is not defined in code group ${String(point.MeasuringPointCodeGroup)}`, 'MsmtValuationCode');
    } else if (value === null) return v4Error(res, 400, 'IR/215', `Enter a numeric value for measuring point ${String(point.MeasuringPoint)}`, 'MeasurementReadingInEntryUoM');
    const own = data.measurementDocuments.filter((d) => d.MeasuringPoint === point.MeasuringPoint && !d.MsmtRdngIsReversed);
    if (own.some((d) => d.MsmtRdngDate === date && d.MsmtRdngTime === time)) return v4Error(res, 400, 'IR/222', `A measurement document for point ${String(point.MeasuringPoint)} at ${date} ${time} already exists`, 'MsmtRdngDate');
    if (point.MeasuringPointIsCounter) {
      const before = own.filter((d) => `${String(d.MsmtRdngDate)}T${String(d.MsmtRdngTime)}` < `${date}T${time}`).sort((a, b) => `${String(a.MsmtRdngDate)}${String(a.MsmtRdngTime)}`.localeCompare(`${String(b.MsmtRdngDate)}${String(b.MsmtRdngTime)}`)).at(-1);
      if (before && value! < Number(before.MeasurementCounterReading)) return v4Error(res, 400, 'IR/230', `Counter reading ${value} is lower than the previous reading ${String(before.MeasurementCounterReading)}`, 'MeasurementReadingInEntryUoM');
    }
    const doc = data.document(String(point.MeasuringPoint), atMs, point.ValuationCodeIsSufficient ? null : value, String(point.CharcValueUnit), point.MeasuringPointIsCounter === true, code, String(input.MeasurementDocumentText ?? '').slice(0, 40));
    doc.MeasurementDocument = data.nextMeasurementDocument();
    doc.MsmtRdngByUser = creds.username;
    data.measurementDocuments.push(doc);
    return sendJson(res, 201, { '@odata.context': '$metadata#MeasurementDocument/$entity', ...v4Row(doc, null) });
  }

  /** POST MaintenanceNotification: a new notification (phase 1, outstanding). */
  function createNotification(def: SetDef, body: Buffer, res: http.ServerResponse, origin: string) {
    let input: Row;
    try { input = JSON.parse(body.toString('utf8')) as Row; } catch { return odataError(res, 400, '/IWBEP/CM_MGW_RT/007', 'The request body is not valid JSON'); }
    const text = String(input.NotificationText ?? '');
    if (!text.trim()) return odataError(res, 400, 'IW/020', 'Enter a short text', {}, 'NotificationText');
    if (text.length > 40) return odataError(res, 400, 'IW/030', 'The short text holds at most 40 characters', {}, 'NotificationText');
    if (!['M1', 'M2'].includes(String(input.NotificationType ?? 'M1'))) return odataError(res, 400, 'IM/001', `Notification type ${String(input.NotificationType)} is not defined`, {}, 'NotificationType');
    if (!['', '1', '2', '3', '4', 'undefined'].includes(String(input.MaintPriority))) return odataError(res, 400, 'IW/045', `Priority ${String(input.MaintPriority)} is not defined for priority type PM`, {}, 'MaintPriority');
    const tech = String(input.TechnicalObject ?? '');
    const eq = tech ? data.equipment.find((e) => e.Equipment === tech && e.ValidityEndDate === END_OF_TIME) : undefined;
    if (tech && !eq) return odataError(res, 400, 'IM/137', `Equipment ${tech} does not exist`, {}, 'TechnicalObject');
    const plant = String(input.MaintenancePlanningPlant ?? eq?.MaintenancePlanningPlant ?? '');
    if (plant && !data.plants.some((p) => p.Plant === plant)) return odataError(res, 400, 'IW/082', `Plant ${plant} is not a maintenance planning plant`, {}, 'MaintenancePlanningPlant');
    const now = data.clock();
    const row: Row = {
      MaintenanceNotification: data.nextNotification(), MaintNotifInternalID: `QM${now}`, NotificationText: text, MaintPriority: String(input.MaintPriority ?? ''),
      NotificationType: String(input.NotificationType ?? 'M1'), NotifProcessingPhase: '1', CreationDate: Math.floor(now / 86_400_000) * 86_400_000, ReportedByUser: creds.username,
      NotificationCreationDate: Math.floor(now / 86_400_000) * 86_400_000, NotificationCreationTime: 'PT00H00M00S', MaintNotificationLongText: String(input.MaintNotifLongTextForEdit ?? ''),
      TechnicalObject: tech, TechObjIsEquipOrFuncnlLoc: tech ? 'EAMS_EQUI' : '', MaintenancePlanningPlant: plant, MaintenancePlant: plant, MaintenanceOrder: '', LastChangeDateTime: now,
    };
    data.notifications.push(row);
    const out = serialize(origin, def.service, def.type, def.set, def.keys, def.dates, row, { etag: true });
    return sendJson(res, 201, { d: out }, { location: `${origin}/sap/opu/odata/sap/API_MAINTNOTIFICATION/MaintenanceNotification('${String(row.MaintenanceNotification)}')`, etag: etagOf(row) });
  }

  // ---------------------------------------------------------------- writes

  function createPo(body: Buffer, res: http.ServerResponse, origin: string) {
    let input: Row;
    try { input = JSON.parse(body.toString('utf8')) as Row; } catch { return odataError(res, 400, '/IWBEP/CM_MGW_RT/007', 'The request body is not valid JSON'); }
    const supplier = data.suppliers.find((s) => s.Supplier === input.Supplier);
    if (!supplier || supplier.DeletionIndicator) return odataError(res, 400, 'ME/083', `Supplier ${String(input.Supplier ?? '')} does not exist`);
    if (supplier.PurchasingIsBlocked) return odataError(res, 400, 'ME/046', `Supplier ${supplier.Supplier} is blocked for purchasing`);
    for (const f of ['CompanyCode', 'PurchasingOrganization', 'PurchasingGroup']) {
      if (!input[f]) return odataError(res, 400, '00/055', `Fill in all required entry fields (${f})`);
    }
    const currency = String(input.DocumentCurrency ?? '');
    if (!/^[A-Z]{3}$/.test(currency)) return odataError(res, 400, 'ME/032', `Currency ${currency} is not defined`);
    const nav = input.to_PurchaseOrderItem as { results?: Row[] } | undefined;
    const items = nav?.results ?? [];
    if (items.length === 0) return odataError(res, 400, 'ME/156', 'No items in the purchase order');
    const PurchaseOrder = data.nextPurchaseOrderNumber();
    const outItems: Row[] = [];
    for (const [i, it] of items.entries()) {
      const product = data.products.find((p) => p.Product === it.Material);
      if (!product || product.IsMarkedForDeletion) return odataError(res, 400, 'M3/351', `Material ${String(it.Material ?? '')} does not exist`);
      const plant = String(it.Plant ?? '');
      if (!(product._valuations as Row[]).some((v) => v.ValuationArea === plant)) return odataError(res, 400, 'M3/305', `Material ${String(it.Material)} is not maintained in plant ${plant}`);
      if (it.StorageLocation && !data.storageLocations.some((s) => s.Plant === plant && s.StorageLocation === it.StorageLocation)) {
        return odataError(res, 400, 'ME/042', `Storage location ${String(it.StorageLocation)} does not exist in plant ${plant}`);
      }
      const qty = Number(it.OrderQuantity);
      if (!(qty > 0)) return odataError(res, 400, 'ME/081', `Enter a quantity in item ${String(it.PurchaseOrderItem ?? (i + 1) * 10)}`);
      outItems.push({
        PurchaseOrder, PurchaseOrderItem: String(it.PurchaseOrderItem ?? (i + 1) * 10), PurchaseOrderItemText: String(it.PurchaseOrderItemText ?? (product._descriptions as Row[])[0].ProductDescription),
        Material: it.Material, Plant: plant, StorageLocation: it.StorageLocation ?? '', OrderQuantity: `${qty.toFixed(3)}`, PurchaseOrderQuantityUnit: it.PurchaseOrderQuantityUnit ?? product.BaseUnit,
        NetPriceAmount: String(it.NetPriceAmount ?? '0'), NetPriceQuantity: String(it.NetPriceQuantity ?? '1'), DocumentCurrency: currency,
        IsCompletelyDelivered: false, IsFinallyInvoiced: false, PurchasingDocumentDeletionCode: '',
      });
    }
    const now = data.clock();
    const extra = Object.fromEntries(Object.entries(input).filter(([k]) => /^(ZZ|YY1_)/.test(k)));
    const po: Row = {
      PurchaseOrder, CompanyCode: input.CompanyCode, PurchaseOrderType: input.PurchaseOrderType ?? 'NB', PurchasingDocumentDeletionCode: '', PurchasingProcessingStatus: '02',
      CreationDate: Math.floor(now / 86_400_000) * 86_400_000, LastChangeDateTime: now, Supplier: supplier.Supplier, PurchasingOrganization: input.PurchasingOrganization,
      PurchasingGroup: input.PurchasingGroup, PurchaseOrderDate: Math.floor(now / 86_400_000) * 86_400_000, DocumentCurrency: currency, ReleaseIsNotCompleted: false,
      PurchasingCompletenessStatus: false, ZZ1_ProjectCode_PDH: '', ...extra, _items: outItems,
    };
    data.purchaseOrders.push(po);
    const def = sets[0];
    const out = serialize(origin, def.service, def.type, def.set, def.keys, def.dates, po, { etag: true, expand: new Set(['to_PurchaseOrderItem']), nav: def.nav });
    return sendJson(res, 201, { d: out }, { location: `${origin}/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder('${PurchaseOrder}')`, etag: etagOf(po) });
  }

  /** If-Match rules of SAP Gateway: missing → 428, stale → 412, "*" always matches. */
  function checkIfMatch(row: Row, req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const ifMatch = req.headers['if-match'];
    if (!ifMatch) { odataError(res, 428, '/IWBEP/CM_MGW_RT/034', 'Precondition required: send If-Match with the ETag of the entity'); return false; }
    if (ifMatch !== '*' && ifMatch !== etagOf(row)) { odataError(res, 412, '/IWBEP/CM_MGW_RT/025', 'Precondition failed: the entity was changed in the meantime'); return false; }
    return true;
  }

  const UPDATABLE = new Set(['MaintenanceOrderDesc', 'MaintPriority', 'MaintOrdPersonResponsible', 'MaintOrdBasicEndDateTime', 'MaintOrdBasicStartDateTime', 'MainWorkCenter', 'FunctionalLocation', 'Equipment']);

  function patchOrder(row: Row, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) {
    if (!checkIfMatch(row, req, res)) return;
    let input: Row;
    try { input = JSON.parse(body.toString('utf8')) as Row; } catch { return odataError(res, 400, '/IWBEP/CM_MGW_RT/007', 'The request body is not valid JSON'); }
    const tokens = statusTokens(String(row.SystemStatusText));
    if (tokens.includes('CLSD') || tokens.includes('DLFL')) return odataError(res, 400, 'BS/013', `System status ${tokens.includes('DLFL') ? 'DLFL' : 'CLSD'} is active (ORD ${String(row.MaintenanceOrder)})`);
    const next: Row = {};
    for (const [k, v] of Object.entries(input)) {
      if (k === '__metadata') continue;
      if (!UPDATABLE.has(k)) return odataError(res, 400, '/IWBEP/CM_MGW_RT/010', `Property ${k} cannot be changed`);
      if (k === 'MaintenanceOrderDesc' && (typeof v !== 'string' || v.length > 40)) return odataError(res, 400, 'IW/030', 'The description holds at most 40 characters');
      if (k === 'MaintPriority' && !['', '1', '2', '3', '4'].includes(String(v))) return odataError(res, 400, 'IW/045', `Priority ${String(v)} is not defined for priority type PM`);
      if (k.endsWith('DateTime')) {
        if (v === null) { next[k] = null; continue; }
        const d = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(String(v));
        if (!d) return odataError(res, 400, '/IWBEP/CM_MGW_RT/007', `Invalid value for ${k}`);
        next[k] = Number(d[1]);
        continue;
      }
      next[k] = v;
    }
    Object.assign(row, next, { LastChangeDateTime: data.clock(), LastChangeByUser: creds.username });
    res.writeHead(204, { etag: etagOf(row) });
    res.end();
  }

  function functionImport(name: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    const id = /^'(.*)'$/.exec(url.searchParams.get('MaintenanceOrder') ?? '')?.[1];
    const i = id === undefined ? null : data.workOrderIndex(id);
    const actions = ['ReleaseMaintenanceOrder', 'SetMaintOrdToTechCompleted', 'SetMaintOrderStatusToClosed', 'SetMaintOrderStatusToLocked', 'SetMaintOrderStatusToUnlocked', 'SetMaintOrdStsToMrkdForDeltn'];
    if (!actions.includes(name)) return odataError(res, 404, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${name}'`);
    if (i === null) return odataError(res, 404, '/IWBEP/CM_MGW_RT/004', `Maintenance order ${id ?? ''} not found`);
    const row = data.workOrderAt(i);
    if (!checkIfMatch(row, req, res)) return;
    let tokens = statusTokens(String(row.SystemStatusText));
    const has = (t: string) => tokens.includes(t);
    const lifecycle = ['CRTD', 'REL', 'PCNF', 'CNF', 'TECO', 'CLSD'];
    const refuse = (active: string) => odataError(res, 400, 'BS/013', `System status ${active} is active (ORD ${String(row.MaintenanceOrder)})`);
    if (has('DLFL')) return refuse('DLFL');
    const setLifecycle = (t: string) => { tokens = [t, ...tokens.filter((x) => !lifecycle.includes(x))]; };
    const now = data.clock();
    switch (name) {
      case 'ReleaseMaintenanceOrder':
        if (has('CLSD') || has('TECO')) return refuse(has('CLSD') ? 'CLSD' : 'TECO');
        if (has('LKD')) return refuse('LKD');
        if (!has('CRTD')) return refuse(tokens.find((t) => lifecycle.includes(t)) ?? 'REL');
        setLifecycle('REL');
        break;
      case 'SetMaintOrdToTechCompleted':
        if (has('CLSD') || has('TECO')) return refuse(has('CLSD') ? 'CLSD' : 'TECO');
        if (has('LKD')) return refuse('LKD');
        setLifecycle('TECO');
        row.MaintOrderReferenceDateTime = now;
        row.MainWorkCompletedDateTime ??= now;
        break;
      case 'SetMaintOrderStatusToClosed':
        if (!has('TECO')) return refuse(tokens.find((t) => lifecycle.includes(t)) ?? 'CRTD');
        setLifecycle('CLSD');
        break;
      case 'SetMaintOrderStatusToLocked':
        if (has('CLSD')) return refuse('CLSD');
        if (!has('LKD')) tokens.splice(1, 0, 'LKD');
        break;
      case 'SetMaintOrderStatusToUnlocked':
        tokens = tokens.filter((t) => t !== 'LKD');
        break;
      default:
        tokens.push('DLFL');
    }
    row.SystemStatusText = renderStatus(tokens);
    row.LastChangeDateTime = now;
    return sendJson(res, 200, { d: { __metadata: { type: 'cds_api_maintenanceorder.DummyFunctionImportResult' }, IsInvalid: false } }, { etag: etagOf(row) });
  }

  // ---------------------------------------------------------------- side channel

  const server = await startEmulator({ handler: async (req, res, body, url) => { await handler(req, res, body, url); }, htmlPage: sapHtmlPage, port: opts.port, ...(pki ? { tls: { key: pki.key, cert: pki.cert } } : {}) });
  type EntityRows = { rows: () => Row[]; key: (r: Row) => string; live: (r: Row) => boolean; timed: boolean; change: (r: Row, n: number) => void; remove: (r: Row) => string[] };
  const entities: Record<string, EntityRows> = {
    'purchase-orders': {
      rows: () => data.purchaseOrders, key: (r) => String(r.PurchaseOrder), live: (r) => r.PurchasingDocumentDeletionCode !== 'L', timed: true,
      change: (r, n) => { const it = (r._items as Row[])[0]; it.OrderQuantity = `${Number(it.OrderQuantity) + n}.000`; },
      remove: (r) => { r.PurchasingDocumentDeletionCode = 'L'; return [String(r.PurchaseOrder)]; },
    },
    'work-orders': {
      rows: () => [...data.workOrders()], key: (r) => String(r.MaintenanceOrder), live: (r) => !statusTokens(String(r.SystemStatusText)).includes('DLFL'), timed: true,
      change: (r, n) => { r.MaintenanceOrderDesc = `${String(r.MaintenanceOrderDesc).slice(0, 30)} (chg ${n})`; },
      remove: (r) => { r.SystemStatusText = renderStatus([...statusTokens(String(r.SystemStatusText)), 'DLFL']); return [String(r.MaintenanceOrder)]; },
    },
    assets: {
      rows: () => data.equipment.filter((e) => e.ValidityEndDate === END_OF_TIME), key: (r) => String(r.Equipment), live: (r) => r.EquipmentIsMarkedForDeletion !== true, timed: true,
      change: (r, n) => { r.EquipmentName = `${String(r.EquipmentName).slice(0, 30)} rev${n}`; },
      remove: (r) => { r.EquipmentIsMarkedForDeletion = true; return [String(r.Equipment)]; },
    },
    vendors: {
      rows: () => data.suppliers, key: (r) => String(r.Supplier), live: (r) => r.DeletionIndicator !== true, timed: false,
      change: (r, n) => { r.SupplierName = `${String(r.SupplierName)} ${n}`; },
      remove: (r) => { r.DeletionIndicator = true; return [String(r.Supplier)]; },
    },
    'inventory-items': {
      rows: () => data.products, key: (r) => String(r.Product), live: (r) => r.IsMarkedForDeletion !== true, timed: true,
      change: (r, n) => { for (const s of data.stock) if (s.Material === r.Product && s.InventoryStockType === '01') s.MatlWrhsStkQtyInMatlBaseUnit = `${Number(s.MatlWrhsStkQtyInMatlBaseUnit) + n}.000`; },
      remove: (r) => { r.IsMarkedForDeletion = true; return data.stock.filter((s) => s.Material === r.Product).map((s) => `${String(s.Plant)}/${String(s.StorageLocation)}/${String(r.Product)}`).filter((v, i, a) => a.indexOf(v) === i); },
    },
    locations: {
      rows: () => data.storageLocations, key: (r) => `${String(r.Plant)}/${String(r.StorageLocation)}`, live: () => true, timed: false,
      change: (r, n) => { r.StorageLocationName = `${String(r.StorageLocationName)} ${n}`; },
      remove: (r) => { data.storageLocations.splice(data.storageLocations.indexOf(r), 1); return [`${String(r.Plant)}/${String(r.StorageLocation)}`]; },
    },
  };
  const pick = (entity: unknown, count: unknown, fromEnd: boolean) => {
    const e = entities[String(entity)];
    if (!e) throw new Error(`unknown entity ${String(entity)}`);
    const live = e.rows().filter(e.live).sort((a, b) => compareValues(e.key(a), e.key(b)));
    const n = Math.max(0, Math.min(Number(count ?? 1), live.length));
    return { e, rows: fromEnd ? live.slice(live.length - n) : live.slice(0, n) };
  };
  let changeNo = 0;
  server.commands.rotateCredentials = () => {
    creds = { username: creds.username, password: `Rotated-${++rotation}-${crypto.randomBytes(6).toString('hex')}` };
    return { ...creds };
  };
  server.commands.unlock = () => { locked = false; failed = 0; return { ok: true }; };
  server.commands.expireCsrf = () => { sessions.clear(); return { ok: true }; };
  server.commands.changeRecords = (args) => {
    const { e, rows } = pick(args.entity, args.count, false);
    const changed: string[] = [];
    for (const r of rows) {
      e.change(r, ++changeNo);
      if (e.timed) r.LastChangeDateTime = data.clock();
      changed.push(e.key(r));
    }
    if (String(args.entity) === 'inventory-items') {
      const items = rows.flatMap((r) => data.stock.filter((s) => s.Material === r.Product).map((s) => `${String(s.Plant)}/${String(s.StorageLocation)}/${String(r.Product)}`));
      return { changed: items.filter((v, i, a) => a.indexOf(v) === i) };
    }
    return { changed };
  };
  server.commands.deleteRecords = (args) => {
    const { e, rows } = pick(args.entity, args.count, true);
    const deleted: string[] = [];
    for (const r of rows) {
      deleted.push(...e.remove(r));
      if (e.timed) r.LastChangeDateTime = data.clock();
    }
    return { deleted };
  };
  server.commands.state = () => ({ locked, failed, deployment, client, sessions: sessions.size });
  server.commands.setPageCap = (args) => {
    const key = typeof args.set === 'string' ? args.set : '*';
    if (args.rows === null || args.rows === undefined) pageCaps.delete(key); else pageCaps.set(key, Math.max(1, Number(args.rows)));
    return { caps: Object.fromEntries(pageCaps) };
  };
  server.commands.deactivateService = (args) => {
    const service = String(args.service);
    if (!services.has(service)) throw new Error(`unknown service ${service}`);
    inactive.set(service, Number(args.status ?? 404));
    return { inactive: Object.fromEntries(inactive) };
  };
  server.commands.activateService = (args) => { inactive.delete(String(args.service)); return { inactive: Object.fromEntries(inactive) }; };
  server.commands.denyService = (args) => {
    const service = String(args.service);
    if (args.allow) unauthorizedServices.delete(service); else unauthorizedServices.add(service);
    return { denied: [...unauthorizedServices] };
  };

  const patch = (entity: string, key: string, fields: Row) => {
    const e = entities[entity];
    if (!e) throw new Error(`unknown entity ${entity}`);
    const row = e.rows().find((r) => e.key(r) === key);
    if (!row) throw new Error(`no ${entity} ${key}`);
    Object.assign(row, fields);
    if (e.timed) row.LastChangeDateTime = data.clock();
  };

  return Object.assign(server, {
    data,
    credentials: () => ({ ...creds }),
    caCert: pki?.caCert ?? null,
    stats,
    hooks,
    patch,
  });
}
