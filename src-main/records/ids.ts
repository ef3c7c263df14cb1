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
  meters: 'mtr',
  'meter-readings': 'mrd',
  'service-requests': 'sr',
  'maintenance-plans': 'mpl',
  'purchase-requisitions': 'prq',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The first 128 bits of SHA-256 over (connection, entity, remote key), written
 * in base62 least significant digit first (22 digits). The 128-bit number is
 * divided by 62 as four 32-bit limbs in plain doubles (exact: every
 * intermediate stays below 2^38): the same digits as BigInt arithmetic, without
 * its cost on the sync's hot path.
 */
export function unifiedId(connectionId: string, entity: EntityName, remoteId: string): string {
  const digest = crypto.hash('sha256', `${connectionId}\0${entity}\0${remoteId}`, 'buffer');
  const limbs = [digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)];
  let out = `${idPrefix[entity]}_`;
  for (let i = 0; i < 22; i++) {
    let rem = 0;
    for (let j = 0; j < 4; j++) {
      const cur = rem * 0x1_0000_0000 + limbs[j];
      limbs[j] = Math.floor(cur / 62);
      rem = cur - limbs[j] * 62;
    }
    out += BASE62[rem];
  }
  return out;
}
