// The one home of random ids: a prefix that names the kind (con_, syn_, whk_,
// evt_…) and base62 randomness, drawn without bias.
import crypto from 'node:crypto';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(len: number, random: (n: number) => Buffer = crypto.randomBytes): string {
  let out = '';
  while (out.length < len) {
    for (const b of random(len * 2)) {
      if (b < 248) out += BASE62[b % 62]; // 248 = 4 × 62: rejection sampling keeps it unbiased
      if (out.length === len) break;
    }
  }
  return out;
}

/**
 * Random bytes for ids, drawn from the CSPRNG in blocks: ids are made on hot
 * paths (an outbox row per event and endpoint, a request id per request). Ids
 * are not secrets; tokens draw their own bytes.
 */
let idBytes = Buffer.alloc(0);
let idOffset = 0;
function idRandom(n: number): Buffer {
  if (idOffset + n > idBytes.length) { idBytes = crypto.randomBytes(Math.max(n, 4096)); idOffset = 0; }
  idOffset += n;
  return idBytes.subarray(idOffset - n, idOffset);
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20, idRandom)}`;
}
