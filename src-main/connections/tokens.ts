// Connection API tokens: `mwk_` + 30 random base62 characters + a 6-character
// base62 checksum (CRC32 of the random part). The checksum lets us refuse a typo
// or a forged token before any lookup; SQLite keeps only the SHA-256.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { BASE62, randomBase62 } from '../ids.js';

export const TOKEN_PREFIX = 'mwk_';
const RANDOM_LEN = 30; // 30 × log2(62) ≈ 178 bits of entropy
const CHECK_LEN = 6; // 62^6 > 2^32, so a CRC32 always fits
const TOKEN_RE = /^mwk_[0-9A-Za-z]{36}$/;

function base62(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) { out = BASE62[n % 62] + out; n = Math.floor(n / 62); }
  return out;
}

const checksum = (body: string) => base62(zlib.crc32(body), CHECK_LEN);

export function generateToken(): string {
  const body = randomBase62(RANDOM_LEN);
  return `${TOKEN_PREFIX}${body}${checksum(body)}`;
}

/** Shape and checksum only: no lookup. */
export function isWellFormedToken(token: string): boolean {
  if (!TOKEN_RE.test(token)) return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + RANDOM_LEN);
  const given = token.slice(TOKEN_PREFIX.length + RANDOM_LEN);
  return crypto.timingSafeEqual(Buffer.from(checksum(body)), Buffer.from(given));
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}
