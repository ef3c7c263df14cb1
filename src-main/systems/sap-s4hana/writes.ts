// Writes to S/4HANA. Purchase orders: one deep insert of header and items into
// A_PurchaseOrder (POST → 201 + Location), then the record as SAP now has it.
// Maintenance orders: read the current ETag, PATCH the changed fields with
// If-Match (on 412, read again once and retry), run the status action
// (function import) if the status changes, read the order back.
// SAP's validation messages come back as ConnectorError('validation', <SAP text>, {code}).
import type { MappedRecord, UpdateWorkOrder, WorkOrderPriority, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, invalidValue, validationError, type ValidationCode } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, CreateServiceRequestRemote, RecordMeterReadingRemote, WriteResult } from '../kit/connector.js';
import type { HttpAnswer } from '../kit/http.js';
import { normalizeMoney } from '../kit/money.js';
import { parseJson, type SapClient } from './client.js';
import { v4ReadError, validationFailure, writeError } from './errors.js';
import { parseInventoryKey } from './mappers/common.js';
import { mapWorkOrder, workOrderStatus } from './mappers/work-orders.js';
import { keyPredicate, parseODataError, quote, toODataDateTimeOffset } from './odata.js';
import { SERVICES, V4_SERVICES, type ODataEntity, type ODataSingle, type ODataV4List, type RawMaintenanceOrder, type RawSupplier } from './raw.js';
import { meterType } from './mappers/meters.js';
import { mapNotification } from './mappers/service-requests.js';


/** unified → SAP priority, for writes. */
export const WO_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, string>> = { urgent: '1', high: '2', medium: '3', low: '4' };

// ---------------------------------------------------------------- purchase orders

/** Header fields the connector takes from custom_fields when given (else from the supplier's company / purchasing org data). */
const PO_HEADER_OVERRIDES = ['CompanyCode', 'PurchasingOrganization', 'PurchasingGroup', 'PurchaseOrderType'] as const;

export async function createPurchaseOrder(client: SapClient, body: CreatePurchaseOrderRemote, readBack: (id: string) => Promise<MappedRecord | null>): Promise<WriteResult> {
  const custom = body.custom_fields ?? {};

  const items = body.lines.map((line, i) => {
    const k = parseInventoryKey(line.item_id);
    if (!k) throw validationError('invalid_item', `Item ${line.item_id} is not an S/4HANA inventory item (plant/storage location/material)`, `lines[${i}].item_id`);
    return {
      PurchaseOrderItem: String((i + 1) * 10),
      Material: k.material,
      Plant: k.plant,
      ...(k.storageLocation ? { StorageLocation: k.storageLocation } : {}),
      OrderQuantity: String(line.quantity),
      NetPriceAmount: normalizeMoney(line.unit_price),
      NetPriceQuantity: '1',
      DocumentCurrency: body.currency,
      ...(line.description ? { PurchaseOrderItemText: line.description.slice(0, 40) } : {}),
    };
  });

  // Organisational data: given explicitly, or the supplier's first company code and purchasing organisation.
  const header: Record<string, unknown> = { PurchaseOrderType: 'NB', Supplier: body.vendor_id, DocumentCurrency: body.currency };
  for (const f of PO_HEADER_OVERRIDES) if (typeof custom[f] === 'string') header[f] = custom[f];
  if (PO_HEADER_OVERRIDES.slice(0, 3).some((f) => header[f] === undefined)) {
    const got = await client.getJson<ODataSingle<RawSupplier>>(SERVICES.businessPartner, `A_Supplier${keyPredicate(body.vendor_id)}`, { $expand: 'to_SupplierCompany,to_SupplierPurchasingOrg' }, { allowNotFound: true });
    const s = got?.data?.d;
    const company = s?.to_SupplierCompany?.results?.[0];
    const org = s?.to_SupplierPurchasingOrg?.results?.[0];
    if (company && header.CompanyCode === undefined) header.CompanyCode = company.CompanyCode;
    if (org && header.PurchasingOrganization === undefined) header.PurchasingOrganization = org.PurchasingOrganization;
    if (org?.PurchasingGroup && header.PurchasingGroup === undefined) header.PurchasingGroup = org.PurchasingGroup;
    // an unknown supplier is left for SAP to refuse, with its own message
  }
  for (const [k, v] of Object.entries(custom)) if (/^(ZZ|YY1_)/i.test(k)) header[k] = v;

  const res = await client.modify('POST', SERVICES.purchaseOrder, 'A_PurchaseOrder', {}, { ...header, to_PurchaseOrderItem: { results: items } });
  if (res.status !== 201 && res.status !== 200) throw writeError(res, SERVICES.purchaseOrder, 'creating a purchase order');
  const created = parseJson<ODataSingle<{ PurchaseOrder?: string }>>(res.body, SERVICES.purchaseOrder).d;
  const location = String(res.headers.location ?? '');
  const fromLocation = /A_PurchaseOrder\('([^']+)'\)/.exec(decodeURIComponent(location))?.[1];
  const id = fromLocation ?? created?.PurchaseOrder;
  if (!id) throw new ConnectorError('system', 'SAP created the purchase order but did not say its number');
  const record = await readBack(id);
  if (!record) throw new ConnectorError('system', `SAP created purchase order ${id} but it cannot be read back`);
  return { record };
}

// ---------------------------------------------------------------- maintenance orders

/**
 * Unified status → the maintenance order function import that gets there.
 * https://api.sap.com/api/API_MAINTENANCEORDER/resource (function imports, POST, key as parameter).
 * Statuses without an action (requested, scheduled, in_progress, cancelled) cannot be set through the API:
 * in_progress follows from confirmations; there is no cancel, only the deletion flag.
 */
export const WO_STATUS_ACTIONS: Readonly<Record<WorkOrderStatus, string | null>> = {
  requested: null,
  approved: 'ReleaseMaintenanceOrder',
  scheduled: null,
  in_progress: null,
  on_hold: 'SetMaintOrderStatusToLocked',
  completed: 'SetMaintOrdToTechCompleted',
  closed: 'SetMaintOrderStatusToClosed',
  cancelled: null,
};

const WO = SERVICES.maintenanceOrder;

async function readOrder(client: SapClient, id: string): Promise<{ raw: RawMaintenanceOrder; etag: string }> {
  const got = await client.getJson<ODataSingle<RawMaintenanceOrder>>(WO, `MaintenanceOrder${keyPredicate(id)}`, {}, { allowNotFound: true });
  const raw = got?.data?.d;
  if (!got || !raw) throw new ConnectorError('not_found', `Maintenance order ${id} does not exist in SAP`, { status: 404 });
  const etag = raw.__metadata?.etag ?? (typeof got.headers.etag === 'string' ? got.headers.etag : undefined);
  if (!etag) throw new ConnectorError('system', `Maintenance order ${id} came without an ETag; cannot change it safely`);
  return { raw, etag };
}

/** One If-Match call; on 412 the ETag is read again once and the call repeated. */
async function withEtag(client: SapClient, id: string, etag: string, call: (etag: string) => Promise<HttpAnswer>, what: string): Promise<void> {
  let res = await call(etag);
  if (res.status === 412) res = await call((await readOrder(client, id)).etag);
  if (res.status === 412) throw validationError('conflict', `Maintenance order ${id} keeps changing in SAP; try again`);
  if (res.status < 200 || res.status >= 300) throw writeError(res, WO, what);
}

export async function updateWorkOrder(client: SapClient, id: string, patch: UpdateWorkOrder): Promise<WriteResult> {
  let action: string | null = null;
  if (patch.status !== undefined && WO_STATUS_ACTIONS[patch.status] === null) {
    throw validationError('unsupported_status', `S/4HANA maintenance orders cannot be set to "${patch.status}" through the API (settable: ${Object.entries(WO_STATUS_ACTIONS).filter(([, a]) => a).map(([s]) => s).join(', ')})`, 'status');
  }
  if (patch.description && patch.description.length > 40) {
    throw validationError('value_too_long', 'The maintenance order description (MaintenanceOrderDesc) holds at most 40 characters', 'description');
  }

  const current = await readOrder(client, id);
  if (patch.status !== undefined) {
    const now = workOrderStatus(current.raw.SystemStatusText ?? '').status;
    if (now !== patch.status) action = patch.status === 'approved' && now === 'on_hold' ? 'SetMaintOrderStatusToUnlocked' : WO_STATUS_ACTIONS[patch.status];
  }

  const fields: Record<string, unknown> = {};
  if (patch.priority !== undefined) fields.MaintPriority = WO_PRIORITY_CODES[patch.priority];
  if (patch.assignee !== undefined) fields.MaintOrdPersonResponsible = patch.assignee ?? '';
  if (patch.due_date !== undefined) fields.MaintOrdBasicEndDateTime = patch.due_date === null ? null : toODataDateTimeOffset(patch.due_date);
  if (patch.description !== undefined) fields.MaintenanceOrderDesc = patch.description ?? '';

  let etag = current.etag;
  if (Object.keys(fields).length > 0) {
    await withEtag(client, id, etag, (e) => client.modify('PATCH', WO, `MaintenanceOrder${keyPredicate(id)}`, {}, fields, { 'if-match': e }), `changing maintenance order ${id}`);
    etag = (await readOrder(client, id)).etag;
  }
  if (action) {
    const params: Record<string, string> = { MaintenanceOrder: quote(id) };
    if (action === 'SetMaintOrdToTechCompleted') Object.assign(params, { MainWrkCmpltdDateTimeIsUsed: 'false', AssignedMaintNotifIsToBeClosed: 'false' });
    if (action === 'SetMaintOrderStatusToClosed') params.AssignedMaintNotifIsToBeClosed = 'false';
    await withEtag(client, id, etag, (e) => client.modify('POST', WO, action!, params, undefined, { 'if-match': e }), `${action} on maintenance order ${id}`);
  }

  const { raw } = await readOrder(client, id);
  try {
    return { record: mapWorkOrder(raw).record };
  } catch (err) {
    throw new ConnectorError('system', `SAP returned maintenance order ${id} in a form that cannot be read: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------- measurement documents (OData v4)

/** SAP's short texts: a measurement document's and a notification's hold 40 characters. */
const SHORT_TEXT = 40;

/** Which request field a refused property of a write is about, and what the refusal means. */
const REFUSED_PROPERTY: Readonly<Record<string, { field: string; code: ValidationCode | 'value' }>> = {
  MeasuringPoint: { field: 'meter_id', code: 'invalid_meter' },
  MeasurementReadingInEntryUoM: { field: 'value', code: 'value' },
  MsmtValuationCode: { field: 'value', code: 'value' },
  MsmtRdngDate: { field: 'read_at', code: 'duplicate_reading' }, // the time was checked before: taken meanwhile
  TechnicalObject: { field: 'asset_id', code: 'invalid_asset' },
  MaintenancePlanningPlant: { field: 'location_id', code: 'invalid_location' },
  NotificationText: { field: 'title', code: 'value_too_long' },
};

/** A 400 on a write, read by the property SAP names (errordetails target), else by its message id. */
function refusal(body: string): ConnectorError | null {
  const sap = parseODataError(body);
  if (!sap) return null;
  const target = sap.details.map((d) => d.target).find((t): t is string => !!t && Object.hasOwn(REFUSED_PROPERTY, t));
  if (!target) return validationFailure(sap);
  const { field, code } = REFUSED_PROPERTY[target];
  if (code === 'value') return invalidValue(`${field}: ${sap.message}`, field);
  return new ConnectorError('validation', sap.message, { code, field, systemCode: sap.code });
}

/**
 * POST MeasurementDocument. The point is read first (an unknown one is invalid_meter whatever SAP's
 * message id), and so is any document at the same date and time (duplicate_reading); SAP checks the
 * value against the point's kind itself. The document is read back with its point.
 */
export async function recordMeterReading(client: SapClient, input: RecordMeterReadingRemote, readBack: (doc: string) => Promise<MappedRecord | null>): Promise<WriteResult> {
  const MP = V4_SERVICES.measuringPoint;
  const MD = V4_SERVICES.measurementDocument;
  if (input.note && input.note.length > SHORT_TEXT) throw validationError('value_too_long', `The measurement document text holds at most ${SHORT_TEXT} characters`, 'note');
  const point = await client.getV4<ODataEntity>(MP, `MeasuringPoint(${encodeURIComponent(quote(input.meter_id))})`, {}, { allowNotFound: true });
  if (!point) throw validationError('invalid_meter', `SAP has no measuring point ${input.meter_id}`, 'meter_id');
  const iso = new Date(Date.parse(input.read_at)).toISOString();
  const [day, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  const same = await client.getV4<ODataV4List<ODataEntity>>(MD, 'MeasurementDocument', {
    $filter: `MeasuringPoint eq ${quote(input.meter_id)} and MsmtRdngDate eq ${day} and MsmtRdngTime eq ${time} and MsmtRdngIsReversed eq false`, $top: 1,
  }, { collection: true });
  if (same?.value?.length) throw validationError('duplicate_reading', `Measuring point ${input.meter_id} already has a reading at ${day} ${time}`, 'read_at');
  const numeric = typeof input.value === 'number' ? input.value : /^-?\d+(\.\d+)?$/.test(input.value) ? Number(input.value) : input.value;
  const body: Record<string, unknown> = {
    MeasuringPoint: input.meter_id, MsmtRdngDate: day, MsmtRdngTime: time,
    ...(meterType(point) === 'characteristic' ? { MsmtValuationCode: String(input.value) } : { MeasurementReadingInEntryUoM: numeric, MeasurementReadingEntryUoM: point.CharcValueUnit ?? '' }),
    ...(input.note ? { MeasurementDocumentText: input.note } : {}),
  };
  const res = await client.postV4(MD, 'MeasurementDocument', body);
  if (res.status === 400) throw refusal(res.body) ?? v4ReadError(res, MD.id, 'creating a measurement document', false);
  if (res.status < 200 || res.status >= 300) throw v4ReadError(res, MD.id, 'creating a measurement document', false);
  const doc = (parseJson<ODataEntity>(res.body, MD.id)).MeasurementDocument;
  if (typeof doc !== 'string') throw new ConnectorError('system', 'SAP created the measurement document but did not name it');
  const record = await readBack(doc);
  if (!record) throw new ConnectorError('system', `SAP created measurement document ${doc} but does not return it`);
  return { record };
}

// ---------------------------------------------------------------- maintenance notifications

/** POST MaintenanceNotification (type M1): the title is the 40-character short text, the description its long text. */
export async function createServiceRequest(client: SapClient, input: CreateServiceRequestRemote): Promise<WriteResult> {
  if (input.title.length > SHORT_TEXT) throw validationError('value_too_long', `The notification short text (NotificationText) holds at most ${SHORT_TEXT} characters`, 'title');
  const plant = input.location_id?.split('/')[0];
  const body: Record<string, unknown> = {
    NotificationText: input.title, NotificationType: 'M1',
    ...(input.priority ? { MaintPriority: WO_PRIORITY_CODES[input.priority] } : {}),
    ...(input.asset_id ? { TechnicalObject: input.asset_id, TechObjIsEquipOrFuncnlLoc: 'EAMS_EQUI' } : {}),
    ...(plant ? { MaintenancePlanningPlant: plant } : {}),
    ...(input.description ? { MaintNotifLongTextForEdit: input.description } : {}),
  };
  const service = SERVICES.maintenanceNotification;
  const res = await client.modify('POST', service, 'MaintenanceNotification', {}, body);
  if (res.status === 400) throw refusal(res.body) ?? writeError(res, service, 'creating a maintenance notification');
  if (res.status < 200 || res.status >= 300) throw writeError(res, service, 'creating a maintenance notification');
  const raw = parseJson<ODataSingle<ODataEntity>>(res.body, service).d;
  try {
    return { record: mapNotification(raw).record };
  } catch (err) {
    throw new ConnectorError('system', `SAP returned the notification in a form that cannot be read: ${(err as Error).message}`);
  }
}
