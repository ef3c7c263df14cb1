// The agent's internal event bus. Producers (lifecycle, sync, health checks)
// emit typed events; consumers (the admin SSE stream, the desktop window,
// OS notifications, and later the webhook outbox) subscribe.
import type { DiagnoseResult } from '../contract/plantops.js';
import type { SyncWarning } from '../contract/sync.js';
import { newId } from '../ids.js';

export interface AgentEventMap {
  'connection.created': { connection_id: string };
  'connection.deleted': { connection_id: string };
  'connection.status_changed': {
    connection_id: string;
    from: { status: string; health: string };
    to: { status: string; health: string };
    reason: string | null;
    /** When the connection went offline: the diagnosis run at that moment. */
    diagnose?: DiagnoseResult;
  };
  /** The admin changed a connection's settings, or paused or resumed its scheduled syncs. */
  'connection.updated': { connection_id: string; fields: string[] };
  'connection.diagnosed': { connection_id: string; result: DiagnoseResult };
  'connection.auth_required': { connection_id: string; system: string; message: string; at: string };
  'sync.started': { connection_id: string; sync_id: string; mode: string };
  'sync.progress': { connection_id: string; sync_id: string; entity: string; records: number };
  'sync.completed': { connection_id: string; sync_id: string; mode: string; counts: Record<string, unknown>; warnings: SyncWarning[]; started_at: string; finished_at: string };
  'sync.failed': { connection_id: string; sync_id: string; mode: string; error: { code: string; message: string }; warnings: SyncWarning[]; started_at: string; finished_at: string };
  'system.error': { connection_id: string; code: string; message: string; entity?: string; remote_id?: string };
  'credits.changed': { used: number; pool: number; available: number };
  'delivery.attempted': { delivery_id: string; webhook_id: string; event_id: string; type: string; status: string; status_code: number | null; error: string | null; next_attempt_at: string | null };
}
export type AgentEventType = keyof AgentEventMap;
/** `id` is the event's one id everywhere: the event log, the webhook-id of its deliveries, the events feed. */
export interface AgentEvent<T extends AgentEventType = AgentEventType> { id: string; type: T; at: string; data: AgentEventMap[T] }

/** Any one event, narrowed by its `type`. */
export type AnyAgentEvent = { [T in AgentEventType]: AgentEvent<T> }[AgentEventType];

/**
 * Producers emit inside the SQLite transaction of the change an event reports,
 * so durable subscribers (the event log, the webhook outbox) write in that same
 * transaction: if they throw, the change rolls back. Other subscribers (SSE,
 * the window, logs) never break a producer: their errors are reported and dropped.
 */
export class EventBus {
  private readonly durable = new Set<(event: AnyAgentEvent) => void>();
  private readonly live = new Set<(event: AnyAgentEvent) => void>();
  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  emit<T extends AgentEventType>(type: T, data: AgentEventMap[T]): void {
    const event = { id: newId('evt'), type, at: new Date().toISOString(), data } as AnyAgentEvent;
    for (const l of this.durable) l(event);
    for (const l of this.live) {
      try { l(event); } catch (err) { this.onListenerError(err); }
    }
  }

  /** Every event; returns the unsubscribe function. `durable` listeners may abort the producer's transaction. */
  subscribe(listener: (event: AnyAgentEvent) => void, opts: { durable?: boolean } = {}): () => void {
    const set = opts.durable ? this.durable : this.live;
    set.add(listener);
    return () => { set.delete(listener); };
  }
}
