// The shape of `window.millwright`, the bridge the preload exposes. Types only:
// the renderer imports this module and nothing of main's runtime comes along.
import type { AdminInput, AdminOperationName, AdminOutput } from '../contract/admin.js';
import type { AgentEvent } from '../events/bus.js';

/** An error as it crosses IPC: the contract's error body, never a stack. */
export interface IpcError {
  code: string;
  message: string;
  field?: string;
  [detail: string]: unknown;
}

/** Every IPC call resolves to a result; nothing is thrown across the boundary. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type AdminBridge = {
  [K in AdminOperationName]: (input: AdminInput<K>) => Promise<IpcResult<AdminOutput<K>>>;
};

export interface MillwrightBridge {
  admin: AdminBridge;
  /** Every agent event; returns the unsubscribe function. */
  onEvent(listener: (event: AgentEvent) => void): () => void;
  /** A notification about a connection was clicked: open its reconnect form. */
  onOpenReconnect(listener: (connectionId: string) => void): () => void;
  setStartAtLogin(enabled: boolean): Promise<IpcResult<{ enabled: boolean }>>;
}

export type { AgentEvent };
