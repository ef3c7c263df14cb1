// Connecting the lab's emulators (test/emulators/lab.ts) through the admin API:
// the connect input of each system, its side-channel commands, and the unified
// API and events feed seen with the connection's token.
import type { Lab, LabSystem, LabSystemId } from '../emulators/lab.js';

export const LAB_SYSTEMS: LabSystemId[] = ['sap-s4hana', 'sap-ecc', 'ibm-maximo', 'upkeep'];

/** The admin API's connect input for a lab system (plain http: allow_insecure). */
export function labConnectInput(lab: Lab, id: LabSystemId, options: Record<string, unknown> = {}) {
  const s = lab.systems[id];
  const credentials: Record<LabSystemId, Record<string, string>> = {
    'sap-s4hana': { username: 'MW_ODATA', password: s.secret },
    'sap-ecc': { username: 'MW_SYNC', password: s.secret },
    'ibm-maximo': { api_key: s.secret },
    upkeep: { email: 'maintenance@riverside.example', password: s.secret },
  };
  const sapClient = id.startsWith('sap-') ? { sap_client: '100' } : {};
  return {
    system: id, deployment: s.deployment, name: s.name, base_url: s.url, credentials: credentials[id],
    options: { ...sapClient, ...(s.url.startsWith('http:') ? { allow_insecure: true } : {}), ...options },
  };
}

/** A side-channel command of an emulator (`POST /__emulator/<command>`). */
export async function emulatorCommand(s: LabSystem, command: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${s.url}/__emulator/${command}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${command} on ${s.id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

export interface FeedEvent { id: string; type: string; timestamp: string; connection_id: string; data: Record<string, unknown> }

/** The unified API with a connection token. */
export function unifiedApi(apiUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
}

/** Every event of the feed after `after`, page by page; returns them and the cursor to continue from. */
export async function readFeed(apiUrl: string, token: string, opts: { after?: string; limit?: number; type?: string } = {}): Promise<{ events: FeedEvent[]; cursor: string }> {
  const api = unifiedApi(apiUrl, token);
  const events: FeedEvent[] = [];
  let after = opts.after;
  for (;;) {
    const q = new URLSearchParams({ limit: String(opts.limit ?? 500), ...(after ? { after } : {}), ...(opts.type ? { type: opts.type } : {}) });
    const r = await api('GET', `/v1/events?${q}`);
    if (r.status !== 200) throw new Error(`GET /v1/events: ${r.status} ${JSON.stringify(r.body)}`);
    events.push(...(r.body.data as FeedEvent[]));
    after = r.body.next_cursor as string;
    if (!r.body.has_more) return { events, cursor: after };
  }
}
