// The network checks of a diagnosis: name lookup, TCP, the proxy tunnel and the
// TLS handshake, along the same path the connector takes (the proxy when one is
// set, the connection's private CA when one is set). One socket goes through
// the steps: TCP, then CONNECT through the proxy, then TLS over it. Each step
// answers in plain words and names the fix; nothing here throws for a failure
// of the system or the network.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { Resolver } from '../webhooks/url-safety.js';

export interface Probe { ok: boolean; detail: string }

export const PROBE_TIMEOUT_MS = 5000;

/** Where the agent's traffic goes first: the system itself, or the proxy. */
export interface Hop { host: string; port: number }

export function hopOf(url: URL): Hop {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { onTimeout(); resolve('timeout'); }, ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

const codeOf = (err: unknown) => String((err as NodeJS.ErrnoException)?.code ?? '');

// ---------------------------------------------------------------- dns

export async function probeDns(host: string, resolve: Resolver, role: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe & { addresses: string[] }> {
  if (net.isIP(host)) return { ok: true, detail: `${host} is an IP address: no name lookup needed.`, addresses: [host] };
  try {
    const addresses = await withTimeout(resolve(host), timeoutMs, () => undefined);
    if (addresses === 'timeout') {
      return { ok: false, addresses: [], detail: `No answer from the DNS server for ${host} within ${timeoutMs / 1000} s: check this machine's DNS settings, or use the ${role}'s IP address in the URL.` };
    }
    if (addresses.length === 0) return { ok: false, addresses: [], detail: `${host} has no address: check the host name of the ${role} in the URL.` };
    return { ok: true, detail: `${host} resolves to ${addresses.join(', ')}.`, addresses };
  } catch (err) {
    const code = codeOf(err);
    if (code === 'EAI_AGAIN') {
      return { ok: false, addresses: [], detail: `The DNS server did not answer for ${host} (EAI_AGAIN): check this machine's DNS settings, or use the ${role}'s IP address in the URL.` };
    }
    return { ok: false, addresses: [], detail: `${host} does not resolve (${code || (err as Error).message}): check the host name of the ${role} in the URL, or ask the network team to add it to the plant DNS (or this machine's hosts file).` };
  }
}

// ---------------------------------------------------------------- tcp

export async function probeTcp(addresses: string[], port: number, role: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe & { socket: net.Socket | null }> {
  let first: { address: string; reason: string } | null = null;
  for (const address of addresses) {
    const socket = net.connect({ host: address, port });
    const outcome = await withTimeout(new Promise<null>((resolve, reject) => {
      socket.once('connect', () => resolve(null));
      socket.once('error', reject);
    }), timeoutMs, () => socket.destroy()).catch((err: unknown) => err as Error);
    if (outcome === null) {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // later steps report their own failures
      return { ok: true, detail: `Connected to the ${role} at ${fmt(address, port)}.`, socket };
    }
    socket.destroy();
    first ??= { address, reason: outcome === 'timeout' ? 'timeout' : codeOf(outcome) || outcome.message };
  }
  const where = fmt(first?.address ?? addresses[0], port);
  const reason = first?.reason ?? 'no address';
  const detail =
    reason === 'ECONNREFUSED' ? `Nothing accepts connections at ${where} (connection refused): check the port in the URL and that the ${role} is running; a firewall may also be rejecting this machine.`
    : reason === 'timeout' ? `No answer from ${where} within ${timeoutMs / 1000} s: a firewall is probably dropping the traffic; ask the network team to allow this machine to reach ${where}.`
    : reason === 'EHOSTUNREACH' || reason === 'ENETUNREACH' ? `No route to ${where} (${reason}): this machine's network cannot reach the ${role}; check its network, VPN or routing.`
    : `Cannot connect to ${where} (${reason}).`;
  return { ok: false, detail, socket: null };
}

const fmt = (address: string, port: number) => (net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`);

// ---------------------------------------------------------------- proxy

/**
 * Asks the proxy for a tunnel to the system (CONNECT, as the connector's proxy
 * agent does for https) or, for a plain-http system, for the system's root.
 */
export async function probeProxy(socket: net.Socket, proxy: URL, target: URL, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe> {
  const { host, port } = hopOf(target);
  const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const auth = proxy.username
    ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
  const tunnel = target.protocol === 'https:';
  socket.write(tunnel
    ? `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`
    : `HEAD ${target.origin}/ HTTP/1.1\r\nHost: ${authority}\r\n${auth}Connection: close\r\n\r\n`);
  const head = await withTimeout(readHead(socket), timeoutMs, () => undefined).catch((err: unknown) => err as Error);
  const via = `the proxy ${proxy.host}`;
  if (head === 'timeout') return { ok: false, detail: `${via} did not answer within ${timeoutMs / 1000} s: check proxy_url (is it an HTTP proxy on that port?).` };
  if (head instanceof Error) return { ok: false, detail: `${via} closed the connection (${codeOf(head) || head.message}): check proxy_url.` };
  const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(head)?.[1] ?? NaN);
  if (Number.isNaN(status)) return { ok: false, detail: `${via} did not answer like an HTTP proxy: check proxy_url.` };
  if (status === 407) {
    return { ok: false, detail: `${via} wants credentials (407 Proxy Authentication Required): ${proxy.username ? 'it refused the ones in proxy_url; check them with the proxy admin' : 'put them in proxy_url, e.g. http://user:password@proxy:3128'}.` };
  }
  if (tunnel) {
    if (status >= 200 && status < 300) return { ok: true, detail: `${via} opened a tunnel to ${authority}.` };
    if (status === 403) return { ok: false, detail: `${via} refuses to connect to ${authority} (403): ask the proxy admin to allow it, or connect without the proxy.` };
    return { ok: false, detail: `${via} could not open a tunnel to ${authority} (HTTP ${status}): the proxy cannot reach the system; check that it may go there.` };
  }
  if (status === 403) return { ok: false, detail: `${via} refuses requests to ${authority} (403): ask the proxy admin to allow it.` };
  if (status === 502 || status === 504) return { ok: false, detail: `${via} could not reach ${authority} (HTTP ${status}): check that the proxy may go there.` };
  return { ok: true, detail: `${via} forwards requests to ${authority} (it answered HTTP ${status}).` };
}

/** Reads an HTTP answer's head (up to the blank line) and leaves the rest on the socket. */
function readHead(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0 || buf.length > 16_384) {
        cleanup();
        if (end >= 0 && end + 4 < buf.length) socket.unshift(buf.subarray(end + 4));
        resolve(buf.subarray(0, end >= 0 ? end : buf.length).toString('latin1'));
      }
    };
    const onEnd = () => { cleanup(); reject(Object.assign(new Error('closed'), { code: 'ECONNRESET' })); };
    const onError = (err: Error) => { cleanup(); reject(err); };
    const cleanup = () => { socket.off('data', onData); socket.off('end', onEnd); socket.off('error', onError); };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
  });
}

// ---------------------------------------------------------------- tls

type PeerCert = tls.DetailedPeerCertificate;

const UNKNOWN_CA = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_UNTRUSTED', 'CERT_CHAIN_TOO_LONG']);

/** `CN=…, O=…` of a certificate name. */
export function dn(name: Record<string, unknown> | undefined): string {
  if (!name) return '?';
  return Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ');
}

/** Subjects from the server's certificate up to the last issuer it sent (or its issuer's name). */
function chainOf(cert: PeerCert): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let c: PeerCert | undefined = cert;
  while (c && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(dn(c.subject as never));
    if (!c.issuerCertificate || c.issuerCertificate === c) {
      if (dn(c.issuer as never) !== dn(c.subject as never)) out.push(dn(c.issuer as never));
      break;
    }
    c = c.issuerCertificate;
  }
  return out;
}

function caSubjects(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((b) => {
    try {
      return [new X509Certificate(b).subject.split('\n').join(', ')];
    } catch { return []; }
  });
}

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10);

/**
 * The TLS handshake without trusting it blindly: the chain is verified against
 * the same trust the connector uses (the private CA under Advanced if set, else
 * the public CAs), then the host name and the validity dates are checked, so
 * each problem can be named with its fix. The TLS socket is returned in every
 * case: the caller destroys it, never the TCP socket under it (destroying a
 * TLS socket's parent first crashes Node 20).
 */
export async function probeTls(socket: net.Socket, target: URL, caCert: string | undefined, now = new Date(), timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe & { socket: tls.TLSSocket }> {
  const { host } = hopOf(target);
  const secure = tls.connect({ socket, ...(net.isIP(host) ? {} : { servername: host }), rejectUnauthorized: false, ...(caCert ? { ca: caCert } : {}) });
  secure.on('error', () => undefined);
  const outcome = await withTimeout(new Promise<null>((resolve, reject) => {
    secure.once('secureConnect', () => resolve(null));
    secure.once('error', reject);
  }), timeoutMs, () => secure.destroy()).catch((err: unknown) => err as Error);
  if (outcome === 'timeout') return { ok: false, socket: secure, detail: `No TLS handshake with ${target.host} within ${timeoutMs / 1000} s: the port may not speak https; check the scheme and port in the URL.` };
  if (outcome instanceof Error) {
    return { ok: false, socket: secure, detail: `The TLS handshake with ${target.host} failed (${codeOf(outcome) || outcome.message}): the port may not speak https (try http:// with allow_insecure only if the system offers nothing else), or it needs a TLS version this machine refuses.` };
  }
  const cert = secure.getPeerCertificate(true);
  const subject = dn(cert.subject as never);
  const issuer = dn(cert.issuer as never);
  const chain = chainOf(cert);
  const trust = caCert ? `the private CA set under Advanced (${caSubjects(caCert).join('; ') || 'the PEM given'})` : 'the public certificate authorities Millwright trusts';
  const problems: string[] = [];
  const authError = secure.authorized ? null : String(secure.authorizationError ?? 'UNKNOWN');
  const validTo = new Date(cert.valid_to);
  const validFrom = new Date(cert.valid_from);
  if (authError === 'CERT_HAS_EXPIRED' || validTo < now) {
    problems.push(`the certificate (${subject}) expired on ${day(validTo)}: ask the system's admin to renew it`);
  } else if (authError === 'CERT_NOT_YET_VALID' || validFrom > now) {
    problems.push(`the certificate (${subject}) is valid only from ${day(validFrom)}: check this machine's clock (it says ${day(now)})`);
  }
  if (authError === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    problems.push(`the certificate is self-signed (${subject}): add it as the plant CA under Advanced (Private CA certificate; --ca-file on the command line), or ask the system's admin for a certificate from the plant CA`);
  } else if (authError && UNKNOWN_CA.has(authError)) {
    problems.push(caCert
      ? `the certificate is signed by an unknown CA (${issuer}), not by ${trust}: replace the private CA under Advanced with the one that issued the system's certificate`
      : `the certificate is signed by an unknown CA (${issuer}): add the plant CA under Advanced (Private CA certificate; --ca-file on the command line)`);
  } else if (authError && authError !== 'CERT_HAS_EXPIRED' && authError !== 'CERT_NOT_YET_VALID') {
    problems.push(`the certificate (${subject}, issued by ${issuer}) was not accepted (${authError})`);
  }
  const identity = tls.checkServerIdentity(host, cert);
  if (identity) {
    const names = cert.subjectaltname ? cert.subjectaltname.replace(/(DNS|IP Address):/g, '').split(/,\s*/).join(', ') : subject;
    problems.push(`the certificate names ${names}, not ${host}: use a host name the certificate lists in the URL, or ask for a certificate that names ${host}`);
  }
  if (problems.length) {
    const [firstProblem, ...more] = problems;
    return { ok: false, socket: secure, detail: `${cap(firstProblem)}.${more.length ? ` Also: ${more.join('; ')}.` : ''} (Chain: ${chain.join(' ← ')}.)` };
  }
  const days = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
  const soon = days < 30 ? ` It expires in ${days} day${days === 1 ? '' : 's'} (${day(validTo)}): have it renewed soon.` : ` Valid until ${day(validTo)}.`;
  return { ok: true, socket: secure, detail: `${secure.getProtocol() ?? 'TLS'} with ${subject}, trusted through ${trust}. Chain: ${chain.join(' ← ')}.${soon}` };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
