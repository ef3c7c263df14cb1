// Raw HTTP for black-box tests of the two listeners: any method, path, header or
// body bytes (fetch normalises too much), and a bare socket for requests Node's
// own client refuses to send (oversized headers, absolute-form targets).
import http from 'node:http';
import net from 'node:net';
import { expect } from 'vitest';

export interface RawResponse { status: number; headers: http.IncomingHttpHeaders; text: string; json: any }

export function rawRequest(base: string, opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer }): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
        resolve({ status: res.statusCode!, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Writes `bytes` to a fresh connection and parses whatever HTTP answer comes back before the socket closes. */
export function rawSocket(base: string, bytes: string | Buffer): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = raw.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const l of lines) { const i = l.indexOf(':'); if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim(); }
      const text = rest.join('\r\n\r\n');
      let json: unknown;
      try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, text, json });
    });
    socket.write(bytes);
    setTimeout(() => socket.end(), 200).unref();
  });
}

/** The contract's error shape: JSON {error:{code,message,request_id}}, the id also in x-request-id. */
export function expectContractError(r: RawResponse, status: number, code?: string, what = ''): void {
  const shown = `${what} → ${r.status} ${r.text.slice(0, 300)}`;
  expect(r.status, shown).toBe(status);
  expect(String(r.headers['content-type'] ?? ''), shown).toMatch(/^application\/json/);
  expect(r.json?.error, shown).toMatchObject({ code: code ?? expect.any(String), message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
  expect(r.headers['x-request-id'], shown).toBe(r.json.error.request_id);
}
