// GET /admin/v1/events: server-sent events of what the agent does (status
// changes, syncs, credits), for the browser UI and scripts. `?replay=N` first
// sends the N most recent stored events.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Agent } from '../agent.js';

export function registerEventStream(app: FastifyInstance, agent: Agent, guard: (req: FastifyRequest) => void): void {
  // A stream never ends on its own: end them all when the listener closes, or close() would wait for every browser tab.
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => { for (const res of open) res.end(); });
  app.get('/admin/v1/events', async (req, reply) => {
    guard(req);
    const replay = Math.min(Math.max(Number((req.query as { replay?: string }).replay ?? 0) || 0, 0), 500);
    reply.hijack();
    const res = reply.raw;
    open.add(res);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-request-id': req.id });
    const send = (type: string, data: unknown, id?: string) => res.write(`${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const e of agent.events.recent(replay).reverse()) send(e.type, { type: e.type, at: e.at, data: e.data }, e.id);
    res.write(': ready\n\n');
    const unsubscribe = agent.bus.subscribe((e) => send(e.type, e));
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => { clearInterval(ping); unsubscribe(); open.delete(res); });
  });
}
