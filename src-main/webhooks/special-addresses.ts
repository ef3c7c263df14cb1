// Special-purpose addresses: which destinations are not the public internet.
// The ranges are data (special-purpose-addresses.json: every row of the IANA
// IPv4 and IPv6 special-purpose registries plus the few ranges they leave to
// other documents); the most specific range containing an address decides.
// IPv6 forms that carry an IPv4 address the traffic really goes to (mapped,
// SIIT-translated, IPv4-compatible, NAT64, 6to4) are judged by that IPv4
// address, so `[::ffff:0:a9fe:a9fe]` is the metadata service it spells.
import net from 'node:net';
import table from './special-purpose-addresses.json' with { type: 'json' };

export interface SpecialRange {
  registry: string;
  prefix: string;
  name: string;
  rfc: string;
  forwardable: boolean | null;
  /** The registry's "Globally Reachable" (null: N/A, treated as not reachable). */
  globally_reachable: boolean | null;
  /** Where an IPv6 form carries an IPv4 destination. */
  embeds_ipv4?: 'low32' | '6to4';
}

interface Parsed { family: 4 | 6; value: bigint }
const WIDTH = { 4: 32, 6: 128 } as const;

/** An IP address as a number; null for anything that is not one. Zone ids (fe80::1%eth0) are dropped. */
export function parseAddress(address: string): Parsed | null {
  const a = address.replace(/%.*$/, '');
  const family = net.isIP(a);
  if (family === 4) return { family, value: a.split('.').reduce((v, o) => (v << 8n) | BigInt(Number(o)), 0n) };
  if (family !== 6) return null;
  // a trailing dotted quad (::ffff:1.2.3.4) is the last two groups
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  const text = dotted ? a.slice(0, -dotted[1].length) + ipv4Groups(dotted[1]) : a;
  const [head, tail] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return { family, value: all.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function ipv4Groups(dotted: string): string {
  const [a, b, c, d] = dotted.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

const formatIpv4 = (v: bigint) => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');

const ranges = (table.ranges as SpecialRange[]).map((range) => {
  const [address, len] = range.prefix.split('/');
  const p = parseAddress(address);
  if (!p) throw new Error(`special-purpose-addresses.json: bad prefix ${range.prefix}`);
  return { range, family: p.family, len: Number(len), network: p.value >> BigInt(WIDTH[p.family] - Number(len)) };
}).sort((a, b) => b.len - a.len); // most specific first

export const specialRanges: readonly SpecialRange[] = table.ranges as SpecialRange[];

/** The most specific special-purpose range containing the address, or null (a public address). */
export function specialRange(address: string): SpecialRange | null {
  const p = parseAddress(address);
  if (!p) return null;
  return ranges.find((r) => r.family === p.family && p.value >> BigInt(WIDTH[p.family] - r.len) === r.network)?.range ?? null;
}

/** The IPv4 destination an IPv6 form carries, where its range says it carries one; else null. */
export function embeddedIpv4(address: string): string | null {
  const range = specialRange(address);
  if (!range?.embeds_ipv4) return null;
  const { value } = parseAddress(address)!;
  return formatIpv4(range.embeds_ipv4 === '6to4' ? (value >> 80n) & 0xffffffffn : value & 0xffffffffn);
}

/** Why an address is not a public destination — the deciding range and, for an IPv6 form, the IPv4 address it carries — or null. */
export function internalRange(address: string): { range: SpecialRange; via?: string } | null {
  const v4 = embeddedIpv4(address);
  if (v4 !== null) {
    const inner = specialRange(v4);
    return inner && inner.globally_reachable !== true ? { range: inner, via: v4 } : null;
  }
  const range = specialRange(address);
  return range && range.globally_reachable !== true ? { range } : null;
}
