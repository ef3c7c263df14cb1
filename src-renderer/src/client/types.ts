// The one client the screens use. Two transports implement it: IPC in the
// desktop app, HTTP + server-sent events in a browser; screens never know which.
import type { AdminApi } from '../../../src-main/contract/admin.js';
import type { AgentEvent } from '../../../src-main/events/bus.js';

export type { AdminApi, AgentEvent };

/** The live event stream's state, shown in the header. */
export type StreamState = 'connecting' | 'live' | 'offline';

export interface AdminClient {
  readonly transport: 'ipc' | 'http';
  /** The admin operations; every call rejects with a ClientError. */
  readonly api: AdminApi;
  /** Every agent event; returns the unsubscribe function. */
  onEvent(listener: (event: AgentEvent) => void): () => void;
  /** The stream's state (IPC is always live); returns the unsubscribe function. */
  onStreamState(listener: (state: StreamState) => void): () => void;
  /** A desktop notification asked to open the reconnect form of a connection. */
  onOpenReconnect(listener: (connectionId: string) => void): () => void;
  close(): void;
}
