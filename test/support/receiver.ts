// A webhook receiver on loopback for tests: keeps every body it gets, answers 200.
import http from 'node:http';
import { afterAll } from 'vitest';

export interface Receiver { url: string; bodies: { id: string; type: string; data: Record<string, unknown>; connection_id: string | null }[]; raw: string[] }

export async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], raw: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { r.raw.push(body); r.bodies.push(JSON.parse(body)); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return r;
}
