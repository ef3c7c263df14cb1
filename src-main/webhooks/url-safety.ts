// Where webhooks may go (CONTRACT §4): https only unless the admin allows
// insecure URLs, and never to private, loopback, link-local or otherwise
// internal addresses unless the admin allow-listed their CIDR. The agent's own
// ports on this host are refused even then (a webhook must not drive the admin
// or unified API). Checked when an endpoint is saved AND at every attempt on
// the resolved address; the attempt then connects to exactly the checked
// address (see `pinnedLookup`), so a DNS answer that changes between check and
// connect (rebinding) cannot redirect it.
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import { fail } from '../contract/errors.js';
import { MAX_URL_LENGTH } from './contract.js';

export type Resolver = (host: string) => Promise<string[]>;

export const defaultResolver: Resolver = async (host) =>
  (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export type RefusalCode =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'insecure_url'
  | 'credentials_in_url'
  | 'unresolvable_host'
  | 'forbidden_address'
  | 'agent_port';

export type TargetCheck =
  | { ok: true; url: URL; host: string; port: number; address: string; family: 4 | 6 }
  | { ok: false; code: RefusalCode; message: string; address?: string; category?: AddressCategory };

export interface TargetPolicy {
  allowInsecure: boolean;
  /** CIDRs (or single addresses) the admin allows although they are internal. */
  allowedCidrs: readonly string[];
  /** The agent's own listening ports: refused on every address of this host. */
  ownPorts?: readonly number[];
  resolve?: Resolver;
  /** This host's addresses (default: loopback, unspecified and every interface's). */
  localAddresses?: readonly string[];
}

export type AddressCategory =
  | 'this_network' | 'private' | 'cgnat' | 'loopback' | 'link_local' | 'reserved' | 'multicast' | 'broadcast'
  | 'unique_local' | 'site_local' | 'unspecified' | 'ipv4_mapped' | 'ipv4_embedded' | 'documentation';

const CATEGORY_TEXT: Record<AddressCategory, string> = {
  this_network: '"this network" (0.0.0.0/8)',
  private: 'a private network address',
  cgnat: 'a carrier-grade NAT address (100.64.0.0/10)',
  loopback: 'a loopback address',
  link_local: 'a link-local address (including cloud metadata services)',
  reserved: 'a reserved address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  unique_local: 'an IPv6 unique-local address (fc00::/7)',
  site_local: 'an IPv6 site-local address',
  unspecified: 'the unspecified address',
  ipv4_mapped: 'an IPv4-mapped IPv6 address',
  ipv4_embedded: 'an IPv6 address embedding an IPv4 address',
  documentation: 'a documentation-only address',
};

/** Internal ranges, each with the category its refusal names. */
const FORBIDDEN: [string, number, 'ipv4' | 'ipv6', AddressCategory][] = [
  ['0.0.0.0', 8, 'ipv4', 'this_network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'cgnat'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link_local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['255.255.255.255', 32, 'ipv4', 'broadcast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::ffff:0:0', 96, 'ipv6', 'ipv4_mapped'],
  ['::', 96, 'ipv6', 'ipv4_embedded'], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96, 'ipv6', 'ipv4_embedded'], // NAT64
  ['64:ff9b:1::', 48, 'ipv6', 'ipv4_embedded'],
  ['2002::', 16, 'ipv6', 'ipv4_embedded'], // 6to4
  ['100::', 64, 'ipv6', 'reserved'], // discard-only
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['fc00::', 7, 'ipv6', 'unique_local'],
  ['fe80::', 10, 'ipv6', 'link_local'],
  ['fec0::', 10, 'ipv6', 'site_local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const forbiddenLists = FORBIDDEN.map(([addr, prefix, type, category]) => {
  const list = new net.BlockList();
  list.addSubnet(addr, prefix, type);
  return { list, type, category };
});

/** The internal category of an address, or null if it is a public address. */
export function addressCategory(address: string): AddressCategory | null {
  const family = net.isIP(address);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // BlockList.check('::ffff:…','ipv6') also matches IPv4 rules; keep to the rules of the address's own family.
  for (const f of forbiddenLists) if (f.type === type && f.list.check(address, type)) return f.category;
  return null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), or null. */
export function mappedIpv4(address: string): string | null {
  if (net.isIP(address) !== 6) return null;
  const probe = new net.BlockList();
  probe.addSubnet('::ffff:0:0', 96, 'ipv6');
  if (!probe.check(address, 'ipv6')) return null;
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address) ?? /^(?:0{1,4}:){5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** One CIDR ("10.1.0.0/16", "fd00::/8") or single address; throws invalid_request naming the entry. */
export function parseCidr(entry: string, field = 'webhooks.allowed_cidrs'): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } {
  const m = /^\s*([^/\s]+)(?:\/(\d{1,3}))?\s*$/.exec(entry);
  const address = m?.[1]?.replace(/^\[|\]$/g, '') ?? '';
  const family = net.isIP(address);
  const prefix = m?.[2] !== undefined ? Number(m[2]) : family === 4 ? 32 : 128;
  if (!m || family === 0 || prefix > (family === 4 ? 32 : 128)) {
    throw fail('invalid_request', `"${entry}" is not a CIDR such as 10.20.0.0/16 or fd00::/8.`, { field });
  }
  return { address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}

let lastAllowList: { key: string; list: net.BlockList } | null = null;

/** The admin's allow-list as a BlockList (an "allow list" here: a match means allowed). */
export function allowList(cidrs: readonly string[]): net.BlockList {
  const key = cidrs.join(',');
  if (lastAllowList?.key === key) return lastAllowList.list; // the same settings at every attempt: build once
  const list = new net.BlockList();
  cidrs.forEach((c, i) => {
    const { address, prefix, type } = parseCidr(c, `webhooks.allowed_cidrs.${i}`);
    list.addSubnet(address, prefix, type);
  });
  lastAllowList = { key, list };
  return list;
}

function localAddresses(): string[] {
  const out = ['0.0.0.0', '::'];
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.push(a.address.replace(/%.*$/, ''));
  return out;
}

function isThisHost(address: string, local: readonly string[]): boolean {
  const v4 = mappedIpv4(address) ?? address;
  const cat = addressCategory(v4);
  if (cat === 'loopback' || cat === 'this_network' || cat === 'unspecified') return true;
  return local.includes(v4) || local.includes(address);
}

/** Checks one resolved address against the policy. */
export function checkAddress(address: string, port: number, policy: TargetPolicy, allowed = allowList(policy.allowedCidrs)): TargetCheck | null {
  const family = net.isIP(address);
  if (family === 0) return { ok: false, code: 'unresolvable_host', message: `"${address}" is not an IP address` };
  if (policy.ownPorts?.includes(port) && isThisHost(address, policy.localAddresses ?? localAddresses())) {
    return { ok: false, code: 'agent_port', address, message: `${address}:${port} is this Millwright agent's own port; webhooks cannot be sent to it` };
  }
  const category = addressCategory(address);
  if (category === null) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const v4 = mappedIpv4(address);
  if (allowed.check(address, type) || (v4 !== null && allowed.check(v4, 'ipv4'))) return null;
  const shown = v4 ? `${address} (${v4})` : address;
  return {
    ok: false, code: 'forbidden_address', address, category,
    message: `${shown} is ${CATEGORY_TEXT[category]}; webhooks go there only if the admin adds its CIDR to webhooks.allowed_cidrs`,
  };
}

/** Syntax, scheme and credentials: everything that needs no DNS. */
export function parseTarget(raw: string, allowInsecure: boolean): { ok: true; url: URL; host: string; port: number } | Extract<TargetCheck, { ok: false }> {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, code: 'invalid_url', message: `the URL is longer than ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try { url = new URL(raw); } catch { return { ok: false, code: 'invalid_url', message: 'not a valid URL' }; }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, code: 'unsupported_scheme', message: `${url.protocol.replace(/:$/, '')} URLs are not supported; use https` };
  }
  if (url.protocol === 'http:' && !allowInsecure) {
    return { ok: false, code: 'insecure_url', message: 'http URLs are refused; use https, or let the admin allow insecure URLs (webhooks.allow_insecure_urls)' };
  }
  if (url.username || url.password) {
    return { ok: false, code: 'credentials_in_url', message: 'credentials in the URL are not allowed; receivers verify the webhook-signature header instead' };
  }
  // The WHATWG parser already canonicalised decimal, octal and hex IPv4 spellings to dotted quads.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { ok: false, code: 'invalid_url', message: 'the URL has no host' };
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { ok: true, url, host, port };
}

/**
 * The full check: parse, resolve, and check EVERY address the name resolves to
 * (one bad answer refuses the URL: an attacker controls which one a client
 * would pick). On success, `address` is the one to connect to.
 */
export async function checkDeliveryTarget(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  const parsed = parseTarget(raw, policy.allowInsecure);
  if (!parsed.ok) return parsed;
  const { url, host, port } = parsed;
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else if (/(^|\.)localhost\.?$/i.test(host)) {
    addresses = ['127.0.0.1', '::1']; // RFC 6761: always this host, whatever DNS says
  } else {
    try {
      addresses = await (policy.resolve ?? defaultResolver)(host.replace(/\.$/, ''));
    } catch (err) {
      return { ok: false, code: 'unresolvable_host', message: `${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
    }
    if (addresses.length === 0) return { ok: false, code: 'unresolvable_host', message: `${host} does not resolve to any address` };
  }
  const allowed = allowList(policy.allowedCidrs);
  for (const a of addresses) {
    const refusal = checkAddress(a, port, policy, allowed);
    if (refusal) return refusal.ok ? refusal : { ...refusal, message: a === host ? refusal.message : `${host} resolves to ${refusal.message}` };
  }
  const address = addresses[0];
  return { ok: true, url, host, port, address, family: net.isIP(address) as 4 | 6 };
}

/** The URL-time check (create/update): a refusal becomes invalid_request on `field`. */
export async function assertWebhookUrl(raw: string, policy: TargetPolicy, field = 'url'): Promise<URL> {
  const r = await checkDeliveryTarget(raw, policy);
  if (!r.ok) throw fail('invalid_request', `${field}: ${r.message}.`, { field, reason: r.code });
  return r.url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void;

/**
 * A `lookup` for http(s).request / got's `dnsLookup` that answers with the
 * already checked address whatever name is asked, so the connection goes to
 * exactly what was checked.
 */
export function pinnedLookup(address: string, family: 4 | 6) {
  return (_hostname: string, options: unknown, callback?: LookupCallback) => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    process.nextTick(() => (all ? cb(null, [{ address, family }]) : cb(null, address, family)));
  };
}
