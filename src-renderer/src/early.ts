// The renderer's first module: index.html loads it before main.tsx, and the
// build keeps it (with the client it needs) in a chunk of its own that the
// entry imports first, so it runs before React, Mantine and the app are
// evaluated. It picks the client and sends the first screen's requests at once
// (the connection summaries, the systems catalog, the credits), so their
// answers are on their way, or here, by the time the app first renders.
import { createClient, type AdminApi, type ClientSetup } from './client/index.js';

let refused = false;
let onRefused = () => {};

/** Whether the agent refused the admin token already; `listener` is told when it does (later). */
export function tokenRefused(listener: () => void): boolean {
  onRefused = listener;
  return refused;
}

const created: ClientSetup = createClient(() => { refused = true; onRefused(); });

/**
 * The first screen's requests, sent now; each one's first call below is
 * answered by it. The two small ones go first: the agent answers in turn, and
 * the systems (the rows' system names) or the credits arriving after the
 * 5,000 summaries would render the list a second time.
 */
const FIRST = ['listSystems', 'credits', 'listConnectionSummaries'] as const;

function answeringFirstCalls(api: AdminApi): AdminApi {
  const sent = new Map<string, Promise<unknown>>(FIRST.map((name) => [name, api[name]({})]));
  // Nothing is lost if nobody asks: a refusal is reported by the client itself.
  for (const p of sent.values()) p.catch(() => {});
  return new Proxy(api, {
    get(target, name: string) {
      const call = target[name as keyof AdminApi] as (input: unknown) => Promise<unknown>;
      const first = sent.get(name);
      if (!first) return call;
      return (input: unknown) => {
        // Only the same request (no input) takes the answer already on its way, and only once: later calls are fresh.
        if (input && Object.keys(input).length) return call(input);
        sent.delete(name);
        return first;
      };
    },
  });
}

export const setup: ClientSetup = created.kind === 'ready'
  ? { kind: 'ready', client: { ...created.client, api: answeringFirstCalls(created.client.api) } }
  : created;
