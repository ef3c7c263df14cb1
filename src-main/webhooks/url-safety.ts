// Where webhooks may go (README: Webhooks): https only unless the admin allows
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
import { MAX_URL_LENGTH } from '../contract/webhooks.js';
import { embeddedIpv4, internalRange, specialRange, type SpecialRange } from './special-addresses.js';

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
  | { ok: false; code: RefusalCode; message: string; address?: string; range?: SpecialRange; via?: string };

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

/** The ranges that mean "this host" whatever interface it has. */
const THIS_HOST = new Set(['127.0.0.0/8', '0.0.0.0/8', '0.0.0.0/32', '::1/128', '::/128']);

function isThisHost(address: string, local: readonly string[]): boolean {
  const v4 = embeddedIpv4(address) ?? address;
  if (THIS_HOST.has(specialRange(v4)?.prefix ?? '')) return true;
  return local.includes(v4) || local.includes(address);
}

/** Checks one resolved address against the policy. */
export function checkAddress(address: string, port: number, policy: TargetPolicy, allowed = allowList(policy.allowedCidrs)): TargetCheck | null {
  const family = net.isIP(address);
  if (family === 0) return { ok: false, code: 'unresolvable_host', message: `"${address}" is not an IP address` };
  if (policy.ownPorts?.includes(port) && isThisHost(address, policy.localAddresses ?? localAddresses())) {
    return { ok: false, code: 'agent_port', address, message: `${address}:${port} is this Millwright agent's own port; webhooks cannot be sent to it` };
  }
  const internal = internalRange(address);
  if (internal === null) return null;
  if (allowed.check(address, family === 4 ? 'ipv4' : 'ipv6') || (internal.via !== undefined && allowed.check(internal.via, 'ipv4'))) return null;
  const { range, via } = internal;
  const shown = via ? `${address} (carrying ${via})` : address;
  return {
    ok: false, code: 'forbidden_address', address, range, ...(via ? { via } : {}),
    message: `${shown}: ${range.prefix} (${range.name}, ${range.rfc}) is not a public range; webhooks go there only if the admin adds its CIDR to webhooks.allowed_cidrs`,
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
