// client/ owns the renderer's one way to the agent: the admin operations and
// the live events, over IPC (desktop) or HTTP + SSE (browser twin).
import { createIpcClient } from './ipc.js';
import { createBrowserClient } from './http.js';
import { takeAdminToken, forgetAdminToken } from './token.js';
import type { AdminClient } from './types.js';

export { ClientError, toClientError } from './errors.js';
export type { AdminClient, AdminApi, AgentEvent, StreamState } from './types.js';

export type ClientSetup =
  | { kind: 'ready'; client: AdminClient }
  | { kind: 'no-token' };

/** Picks the transport: the preload bridge when present, else the admin HTTP API of this origin. */
export function createClient(onUnauthorized: () => void): ClientSetup {
  if (window.millwright) return { kind: 'ready', client: createIpcClient(window.millwright) };
  const token = takeAdminToken();
  if (!token) return { kind: 'no-token' };
  return {
    kind: 'ready',
    client: createBrowserClient({
      baseUrl: window.location.origin,
      token,
      onUnauthorized: () => { forgetAdminToken(); onUnauthorized(); },
    }),
  };
}
