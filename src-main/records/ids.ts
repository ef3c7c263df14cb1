// Stable unified ids: derived from (connection, entity, remote key), so the same
// system record always has the same id — across re-syncs, full resyncs, and
// references to records not synced yet — and never collides across connections.
import crypto from 'node:crypto';
import type { EntityName } from '../contract/unified.js';

export const idPrefix: Record<EntityName, string> = {
  'purchase-orders': 'po',
  'work-orders': 'wo',
  assets: 'ast',
  'inventory-items': 'inv',
  vendors: 'ven',
  locations: 'loc',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function unifiedId(connectionId: string, entity: EntityName, remoteId: string): string {
  const digest = crypto.createHash('sha256').update(`${connectionId}\0${entity}\0${remoteId}`).digest();
  let n = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 22; i++) { out += BASE62[Number(n % 62n)]; n /= 62n; }
  return `${idPrefix[entity]}_${out}`;
}
