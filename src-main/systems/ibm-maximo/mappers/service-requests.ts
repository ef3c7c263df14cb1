// MXAPISR (TICKET, class SR; keys class/ticketid as in its hrefs "SR/1008"). Statuses: domain
// SRSTATUS. A request that became a work order has a related record of class WORKORDER
// (relatetype FOLLOWUP) [K].
import type { Mapped, ServiceRequest, ServiceRequestStatus } from '../../../contract/unified.js';
import { isObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, internal, open, ref, type ObjectStructure } from './common.js';
import { WORK_ORDER_PRIORITY } from './work-orders.js';

export const SERVICE_REQUESTS: ObjectStructure = {
  os: 'mxapisr', select: '*,relatedrecord{*}', noun: 'service request', keys: ['class', 'ticketid'],
  standard: new Set([...COMMON_STANDARD, 'ticketid', 'class', 'ticketuid', 'reportedpriority', 'internalpriority', 'assetnum', 'location', 'reportedby', 'reportdate', 'affectedperson',
    'affecteddate', 'actualfinish', 'origrecordid', 'origrecordclass', 'relatedrecord', 'historyflag', 'owner', 'ownergroup']),
};

/** SRSTATUS maxvalues. */
export const SERVICE_REQUEST_STATUS: Readonly<Record<string, ServiceRequestStatus>> = {
  NEW: 'open',
  QUEUED: 'open', // waiting for someone to take it
  INPROG: 'in_progress',
  PENDING: 'in_progress', // taken up, waiting on the requester or a third party
  RESOLVED: 'closed',
  CLOSED: 'closed',
  CANCELLED: 'cancelled',
};

export function mapServiceRequest(raw: unknown): { record: Mapped<ServiceRequest>; warnings: string[] } {
  const { r, key } = open(SERVICE_REQUESTS.noun, SERVICE_REQUESTS.keys, raw);
  const warnings: string[] = [];
  const siteid = r.optStr('siteid');
  const related = Array.isArray(r.value('relatedrecord')) ? (r.value('relatedrecord') as unknown[]).filter(isObject) : [];
  const wo = related.find((x) => String(x.relatedrecclass ?? '').toUpperCase() === 'WORKORDER' && typeof x.relatedreckey === 'string');
  const noun = SERVICE_REQUESTS.noun;
  return {
    record: withShared(common(SERVICE_REQUESTS.standard, r, key, 'reportdate'), {
      number: r.str('ticketid'),
      title: r.optStr('description') ?? r.str('ticketid'),
      description: r.optStr('description_longdescription'),
      status: lookup(SERVICE_REQUEST_STATUS, internal(r, 'status'), code(noun, 'status_maxvalue', 'status', FALLBACKS.serviceRequestStatus), warnings),
      priority: lookup(WORK_ORDER_PRIORITY, r.value('reportedpriority'), { ...code(noun, 'reportedpriority', 'priority', FALLBACKS.workOrderPriority), blank: FALLBACKS.workOrderPriority }, warnings),
      asset_id: siteid ? ref(r.optStr('assetnum'), siteid) : null,
      location_id: siteid ? ref(r.optStr('location'), siteid) : null,
      reported_by: r.optStr('reportedby'),
      reported_at: r.optTime('reportdate'),
      work_order_id: wo ? ref(wo.relatedreckey as string, (typeof wo.relatedrecsiteid === 'string' ? wo.relatedrecsiteid : null) ?? siteid) : null,
    }),
    warnings,
  };
}
