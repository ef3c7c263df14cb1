// The one home of random ids: a prefix that names the kind (con_, syn_, whk_,
// evt_…) and base62 randomness, drawn without bias.
import crypto from 'node:crypto';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(len: number): string {
  let out = '';
  while (out.length < len) {
    for (const b of crypto.randomBytes(len * 2)) {
      if (b < 248) out += BASE62[b % 62]; // 248 = 4 × 62: rejection sampling keeps it unbiased
      if (out.length === len) break;
    }
  }
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
