// Writes to Maximo: new purchase orders (POST …/mxapipo with `properties: *`,
// answered with the record) and work-order changes (POST <href> with
// `x-method-override: PATCH`, `patchtype: MERGE`).
// https://ibm-maximo-dev.github.io/maximo-restapi-documentation/crud/create_and_update/
import type { UpdateWorkOrder, WorkOrderPriority, WorkOrderStatus } from '../../contract/unified.js';
import { ConnectorError, validationError } from '../kit/errors.js';
import type { CreatePurchaseOrderRemote, WriteResult } from '../kit/connector.js';
import { moneyToNumber } from '../kit/money.js';
import { decodeKeyId, encodeKeyId, type MaximoClient } from './client.js';
import { mapPurchaseOrder, PURCHASE_ORDERS } from './mappers/purchase-orders.js';
import { mapWorkOrder, WORK_ORDERS } from './mappers/work-orders.js';
import type { RawCreatePo, RawMember } from './raw.js';

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
