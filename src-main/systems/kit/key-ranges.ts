// Arithmetic on table keys, for listing a table that returns rows in no
// particular order (SAP's RFC_READ_TABLE) by bounded key ranges. A key is the
// concatenation of its fields, each padded with blanks to its DDIC length, so
// that comparing two padded keys as strings is comparing them field by field
// (blank sorts before every other character a key holds). Widths are counted
// in a base-95 positional system over the printable ASCII characters, which
// lets the paging loop widen a range that came back small.

export interface KeyField { name: string; length: number }

const FIRST = 0x20; // ' '
const BASE = 95n; // ' ' … '~'

export const keyLength = (fields: readonly KeyField[]) => fields.reduce((n, f) => n + f.length, 0);

/** Field values → the padded key. */
export function padKey(fields: readonly KeyField[], values: readonly string[]): string {
  return fields.map((f, i) => (values[i] ?? '').slice(0, f.length).padEnd(f.length, ' ')).join('');
}

/** The padded key → field values (trailing blanks dropped, as SAP compares CHAR fields). */
export function splitKey(fields: readonly KeyField[], key: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const f of fields) { out.push(key.slice(at, at + f.length).trimEnd()); at += f.length; }
  return out;
}

/** A padded key's position; characters outside the printable range count as its ends. */
export function keyPosition(key: string): bigint {
  let v = 0n;
  for (let i = 0; i < key.length; i++) {
    const d = Math.min(94, Math.max(0, key.charCodeAt(i) - FIRST));
    v = v * BASE + BigInt(d);
  }
  return v;
}

function keyAt(position: bigint, length: number): string {
  let s = '';
  let v = position;
  for (let i = 0; i < length; i++) { s = String.fromCharCode(FIRST + Number(v % BASE)) + s; v /= BASE; }
  return s;
}

/**
 * The key `width` positions after `from` (the start of all keys when null), or
 * null when that is past the last possible key (the range is open-ended). Never
 * a key at or before `from`.
 */
export function keyAfter(fields: readonly KeyField[], from: string | null, width: bigint): string | null {
  const length = keyLength(fields);
  const p = (from === null ? 0n : keyPosition(from)) + width;
  if (p >= BASE ** BigInt(length)) return null;
  const key = keyAt(p, length);
  return from !== null && key <= from ? null : key;
}

/** How many positions `to` lies after `from` (at least 1). */
export function keyDistance(from: string | null, to: string): bigint {
  const d = keyPosition(to) - (from === null ? 0n : keyPosition(from));
  return d > 0n ? d : 1n;
}
