// Writes to Maximo: new purchase orders (POST …/mxapipo with `properties: *`,
// answered with the record) and work-order changes (POST <href> with
// `x-method-override: PATCH`, `patchtype: MERGE`).
// https://ibm-maximo-dev.github.io/maximo-restapi-documentation/crud/create_and_update/
import type { UpdateWorkOrder, WorkOrderPriority, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, CreateServiceRequestRemote, RecordMeterReadingRemote, WriteResult } from '../kit/connector.js';
import { moneyToNumber } from '../kit/money.js';
import { decodeKeyId, encodeKeyId, type MaximoClient } from './client.js';
import { mapPurchaseOrder, PURCHASE_ORDERS } from './mappers/purchase-orders.js';
import { mapWorkOrder, WORK_ORDERS } from './mappers/work-orders.js';
import type { RawCreatePo, RawMember } from './raw.js';
import { mapMeterReading, METER_READINGS } from './mappers/meter-readings.js';
import { meterRows, METERS } from './mappers/meters.js';
import { mapServiceRequest, SERVICE_REQUESTS } from './mappers/service-requests.js';

/** unified → Maximo internal value, for writes. */
export const WORK_ORDER_STATUS_CODES: Readonly<Record<WorkOrderStatus, string>> = {
  requested: 'WAPPR', approved: 'APPR', scheduled: 'WSCH', in_progress: 'INPRG',
  on_hold: 'WMATL', completed: 'COMP', closed: 'CLOSE', cancelled: 'CAN',
};
export const WORK_ORDER_PRIORITY_CODES: Readonly<Record<WorkOrderPriority, number>> = { urgent: 1, high: 2, medium: 3, low: 4 };

/** Where a unified write's Maximo dates go: ISO with an explicit offset. */
const maximoTime = (iso: string) => new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, '+00:00').replace(/Z$/, '+00:00');

function readBack<T>(map: (raw: unknown) => { record: T }, raw: unknown, what: string): T {
  try {
    return map(raw).record;
  } catch (err) {
    throw new ConnectorError('system', `Maximo returned a ${what} that cannot be read: ${(err as Error).message}`);
  }
}

export async function createPurchaseOrder(client: MaximoClient, input: CreatePurchaseOrderRemote): Promise<WriteResult> {
  const [vendor, orgid] = input.vendor_id.split('/');
  const lines = input.lines.map((l, i) => {
    const parts = l.item_id.split('/');
    if (parts.length !== 4 || parts.some((p) => p === '')) {
      throw validationError('invalid_item', `lines[${i}].item_id "${l.item_id}" is not a Maximo inventory key (itemnum/itemsetid/storeroom/siteid)`, `lines[${i}].item_id`);
    }
    return { parts, line: l };
  });
  const body: RawCreatePo = {
    ...(input.custom_fields ?? {}),
    siteid: input.location_id?.split('/')[1] ?? lines[0].parts[3],
    ...(orgid ? { orgid } : {}),
    vendor,
    currencycode: input.currency,
    ...(input.expected_delivery_date ? { requireddate: maximoTime(input.expected_delivery_date) } : {}),
    poline: lines.map(({ parts, line }) => ({
      linetype: 'ITEM' as const,
      itemnum: parts[0], itemsetid: parts[1], storeloc: parts[2],
      orderqty: line.quantity,
      unitcost: moneyToNumber(line.unit_price),
      ...(line.description ? { description: line.description } : {}),
    })),
  };
  const { os, select } = PURCHASE_ORDERS;
  const res = await client.call(os, os, { method: 'POST', json: body, headers: { properties: '*' }, write: true });
  let member = res.data as RawMember | null;
  if (!member && res.location) {
    const id = /\/(_[^/?]+)/.exec(res.location)?.[1];
    if (id) member = await client.member(os, select, decodeKeyId(id));
  }
  if (!member) throw new ConnectorError('system', 'Maximo created the purchase order but did not return it');
  return { record: readBack(mapPurchaseOrder, member, 'purchase order') };
}

export async function updateWorkOrder(client: MaximoClient, remoteId: string, patch: UpdateWorkOrder): Promise<WriteResult> {
  const body: Record<string, unknown> = {};
  if (patch.status !== undefined) body.status = WORK_ORDER_STATUS_CODES[patch.status];
  if (patch.priority !== undefined) body.wopriority = WORK_ORDER_PRIORITY_CODES[patch.priority];
  if (patch.assignee !== undefined) body.lead = patch.assignee;
  if (patch.due_date !== undefined) body.targcompdate = patch.due_date === null ? null : maximoTime(patch.due_date);
  if (patch.description !== undefined) body.description_longdescription = patch.description;
  const { os, select } = WORK_ORDERS;
  const res = await client.call(os, `${os}/${encodeKeyId(remoteId)}`, {
    method: 'POST', json: body, write: true,
    headers: { 'x-method-override': 'PATCH', patchtype: 'MERGE', properties: '*' },
  });
  const member = (res.data as RawMember | null) ?? (await client.member(os, select, remoteId));
  if (!member) throw new ConnectorError('not_found', `Maximo has no work order ${remoteId}`, { status: 404 });
  return { record: readBack(mapWorkOrder, member, 'work order') };
}

const whereQuote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** "<a>/<b>" → [a, b], split at the last "/" (null when there is none). */
function splitLast(id: string): [string, string] | null {
  const i = id.lastIndexOf('/');
  return i > 0 && i < id.length - 1 ? [id.slice(0, i), id.slice(i + 1)] : null;
}

/**
 * A reading is posted on its asset: POST <asset href> with x-method-override: PATCH and
 * {"assetmeter":[{"metername","newreading","newreadingdate","remarks"}]} (see raw.ts). Maximo
 * checks the value against the meter's type and refuses a second reading at the same date; the
 * reading is read back from MXAPIMETERREADING (the newest one entered for that meter).
 */
export async function recordMeterReading(client: MaximoClient, input: RecordMeterReadingRemote): Promise<WriteResult> {
  const parts = splitLast(input.meter_id);
  const asset = parts ? await client.member(METERS.os, METERS.select, parts[0]) : null;
  const meter = parts ? meterRows(asset).find((m) => m.metername === parts[1]) : undefined;
  if (!parts || !asset || !meter) throw validationError('invalid_meter', `Maximo has no meter ${input.meter_id} (asset/site/meter name)`, 'meter_id');
  const [assetKey, metername] = parts;
  const body = { assetmeter: [{ metername, newreading: String(input.value), newreadingdate: maximoTime(input.read_at), ...(input.note ? { remarks: input.note } : {}) }] };
  await client.call(METERS.os, `${METERS.os}/${encodeKeyId(assetKey)}`, {
    method: 'POST', json: body, write: true,
    headers: { 'x-method-override': 'PATCH', patchtype: 'MERGE' },
  });
  const [assetnum, siteid] = [String(asset.assetnum), String(asset.siteid)];
  const [newest] = await client.where(METER_READINGS.os, METER_READINGS.select,
    `assetnum=${whereQuote(assetnum)} and siteid=${whereQuote(siteid)} and metername=${whereQuote(metername)}`, { 'oslc.orderBy': '-enterdate', 'oslc.pageSize': 1 });
  if (!newest || Date.parse(String(newest.readingdate)) !== Date.parse(input.read_at)) {
    throw new ConnectorError('system', `Maximo accepted the reading of ${input.meter_id} but does not list it`);
  }
  return { record: readBack(mapMeterReading, { ...newest, assetmeter: { measureunitid: meter.measureunitid ?? null, metertype: meter.metertype ?? null } }, 'meter reading') };
}

/** Maximo's SR description (the summary) holds 100 characters [K]. */
const SR_SUMMARY_LENGTH = 100;

/** POST …/mxapisr with `properties: *`: a new SR, answered with the record. The site is the asset's (or the location's). */
export async function createServiceRequest(client: MaximoClient, input: CreateServiceRequestRemote): Promise<WriteResult> {
  if (input.title.length > SR_SUMMARY_LENGTH) throw validationError('value_too_long', `A Maximo service request summary holds at most ${SR_SUMMARY_LENGTH} characters`, 'title');
  const asset = input.asset_id ? splitLast(input.asset_id) ?? [input.asset_id, null] : null;
  const location = input.location_id ? splitLast(input.location_id) ?? [input.location_id, null] : null;
  const siteid = asset?.[1] ?? location?.[1] ?? null;
  if (asset?.[1] && location?.[1] && asset[1] !== location[1]) throw validationError('invalid_location', `Location ${input.location_id} is not in the asset's site ${asset[1]}`, 'location_id');
  const body: Record<string, unknown> = {
    description: input.title,
    ...(input.description ? { description_longdescription: input.description } : {}),
    ...(input.priority ? { reportedpriority: WORK_ORDER_PRIORITY_CODES[input.priority] } : {}),
    ...(asset ? { assetnum: asset[0] } : {}),
    ...(location ? { location: location[0] } : {}),
    ...(siteid ? { siteid } : {}),
  };
  const { os, select } = SERVICE_REQUESTS;
  const res = await client.call(os, os, { method: 'POST', json: body, headers: { properties: '*' }, write: true });
  let member = res.data as RawMember | null;
  if (!member && res.location) {
    const id = /\/(_[^/?]+)/.exec(res.location)?.[1];
    if (id) member = await client.member(os, select, decodeKeyId(id));
  }
  if (!member) throw new ConnectorError('system', 'Maximo created the service request but did not return it');
  return { record: readBack(mapServiceRequest, member, 'service request') };
}
