// The network between the agent and a plant system, for diagnosis tests: a
// plant PKI made with the openssl CLI (a plant root CA, an unrelated CA, and
// server certificates that are good, expired, for another host, self-signed),
// a TLS front that terminates HTTPS with any of them in front of a plain-http
// emulator (its certificate can be swapped, as when a system's certificate is
// renewed), and an HTTP CONNECT proxy that can demand credentials or deny
// targets. Everything listens on 127.0.0.1, port 0.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';

export interface KeyPair { key: string; cert: string }
export interface PlantPki {
  /** The plant's root CA (what goes under Advanced → Private CA). */
  caCert: string;
  /** A CA nobody configured. */
  otherCaCert: string;
  good: KeyPair;
  expired: KeyPair;
  wrongHost: KeyPair;
  byOtherCa: KeyPair;
}

let cached: PlantPki | null = null;

export function plantPki(): PlantPki {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-plant-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  try {
    for (const ca of ['plant', 'other']) {
      run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}-ca.key`, '-out', `${ca}-ca.crt`, '-days', '30',
        '-subj', ca === 'plant' ? '/CN=Riverside Plant Root CA/O=Riverside Works' : '/CN=Someone Else CA/O=Elsewhere');
      fs.mkdirSync(path.join(dir, ca));
      fs.writeFileSync(path.join(dir, ca, 'index.txt'), '');
      fs.writeFileSync(path.join(dir, ca, 'serial'), '1000\n');
      fs.writeFileSync(path.join(dir, `${ca}.cnf`), [
        '[ ca ]', 'default_ca = d', '[ d ]', `database = ${ca}/index.txt`, `new_certs_dir = ${ca}`, `serial = ${ca}/serial`,
        'default_md = sha256', 'policy = p', 'unique_subject = no', '[ p ]', 'commonName = supplied', 'organizationName = optional', '',
      ].join('\n'));
    }
    // `openssl ca` (not `x509 -req`) because only it can date a certificate in the past.
    const issue = (name: string, ca: 'plant' | 'other', san: string, dates: string[]) => {
      run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=maximo.plant.local/O=Riverside Works');
      fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
      run('ca', '-batch', '-config', `${ca}.cnf`, '-cert', `${ca}-ca.crt`, '-keyfile', `${ca}-ca.key`, '-in', `${name}.csr`, '-out', `${name}.crt`,
        '-extfile', `${name}.ext`, '-notext', ...dates);
      return { key: read(`${name}.key`), cert: read(`${name}.crt`) };
    };
    const local = 'DNS:localhost,IP:127.0.0.1';
    cached = {
      caCert: read('plant-ca.crt'),
      otherCaCert: read('other-ca.crt'),
      good: issue('good', 'plant', local, ['-days', '30']),
      expired: issue('expired', 'plant', local, ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']),
      wrongHost: issue('wrong-host', 'plant', 'DNS:mes.plant.local', ['-days', '30']),
      byOtherCa: issue('by-other', 'other', local, ['-days', '30']),
    };
    return cached;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface TlsFront {
  port: number;
  /** Serve another certificate from the next connection on. */
  useCertificate(pair: KeyPair): void;
  close(): Promise<void>;
}

/** HTTPS on 127.0.0.1 in front of a plain-http server on `targetPort`. */
export async function startTlsFront(targetPort: number, pair: KeyPair): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: pair.key, cert: pair.cert }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    client.pipe(upstream).pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    useCertificate: (p) => server.setSecureContext({ key: p.key, cert: p.cert }),
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

export interface ConnectProxy {
  url: string;
  /** The CONNECT targets asked for, in order. */
  tunnels: string[];
  /** When set, CONNECT needs Proxy-Authorization: Basic of this user:password. */
  requireAuth: { user: string; password: string } | null;
  /** Targets (host:port) refused with 403. */
  deny: Set<string>;
  close(): Promise<void>;
}

/** A minimal HTTP proxy: CONNECT tunnels only, as hpagent uses for https. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
  const proxy: ConnectProxy = { url: '', tunnels: [], requireAuth: null, deny: new Set(), close: async () => undefined };
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    proxy.tunnels.push(target);
    if (proxy.requireAuth) {
      const want = `Basic ${Buffer.from(`${proxy.requireAuth.user}:${proxy.requireAuth.password}`).toString('base64')}`;
      if (req.headers['proxy-authorization'] !== want) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="plant"\r\nContent-Length: 0\r\n\r\n');
        return;
      }
    }
    if (proxy.deny.has(target)) { client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'); return; }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (host !== '127.0.0.1' && host !== 'localhost') { client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'); return; }
    const upstream = net.connect({ host: '127.0.0.1', port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    const end = () => { client.destroy(); upstream.destroy(); };
    upstream.on('error', () => { if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'); });
    client.on('error', end);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); });
  return proxy;
}
