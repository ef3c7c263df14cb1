// The browser transport: the admin HTTP API (the shared fetch client generated
// from the operations table) and the live events read from
// GET /admin/v1/events with fetch, because EventSource cannot send headers.
import { createHttpAdminClient } from '../../../src-main/admin/client.js';
import { toClientError } from './errors.js';
import { SseParser } from './sse.js';
import type { AdminApi, AdminClient, AgentEvent, StreamState } from './types.js';

export interface HttpClientOptions {
  baseUrl: string;
  token: string;
  /** Called when the agent refuses the admin token (401). */
  onUnauthorized?: () => void;
}

export function createBrowserClient(opts: HttpClientOptions): AdminClient {
  const raw = createHttpAdminClient(opts.baseUrl, opts.token, (input, init) => fetch(input, init));
  const api = new Proxy({} as AdminApi, {
    get(_target, name: string) {
      const call = (raw as unknown as Record<string, ((input: unknown) => Promise<unknown>) | undefined>)[name];
      if (!call) return undefined;
      return async (input: unknown) => {
        try {
          return await call(input ?? {});
        } catch (err) {
          const e = toClientError(err);
          if (e.code === 'unauthorized' || e.code === 'invalid_token') opts.onUnauthorized?.();
          throw e;
        }
      };
    },
  });

  const listeners = new Set<(event: AgentEvent) => void>();
  const stateListeners = new Set<(state: StreamState) => void>();
  let state: StreamState = 'connecting';
  const setState = (next: StreamState) => {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(next);
  };
  const abort = new AbortController();
  let closed = false;

  async function readStream(): Promise<void> {
    const res = await fetch(`${opts.baseUrl}/admin/v1/events`, {
      headers: { authorization: `Bearer ${opts.token}`, accept: 'text/event-stream' },
      signal: abort.signal,
      cache: 'no-store',
    });
    if (res.status === 401) { opts.onUnauthorized?.(); throw new Error('unauthorized'); }
    if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
    const parser = new SseParser((message) => {
      let event: AgentEvent;
      try { event = JSON.parse(message.data) as AgentEvent; } catch { return; }
      if (!event || typeof event.type !== 'string') return;
      for (const l of listeners) l(event);
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    setState('live');
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  }

  // Keep the stream open; after a break, reconnect with a capped back-off.
  // Reconnecting is announced as 'connecting' → 'live', and the app refetches
  // everything then, since events may have been missed meanwhile.
  void (async () => {
    let delay = 500;
    while (!closed) {
      try {
        await readStream();
        delay = 500;
      } catch {
        if (closed) return;
      }
      if (closed) return;
      setState('offline');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
      setState('connecting');
    }
  })();

  return {
    transport: 'http',
    api,
    onEvent: (listener) => { listeners.add(listener); return () => { listeners.delete(listener); }; },
    onStreamState: (listener) => { stateListeners.add(listener); listener(state); return () => { stateListeners.delete(listener); }; },
    onOpenReconnect: () => () => {},
    close: () => { closed = true; abort.abort(); },
  };
}
