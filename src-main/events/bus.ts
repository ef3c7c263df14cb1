// The agent's internal event bus. Producers (lifecycle, sync, health checks)
// emit typed events; consumers (the admin SSE stream, the desktop window,
// OS notifications, and later the webhook outbox) subscribe.
import { EventEmitter } from 'node:events';

export interface AgentEventMap {
  'connection.created': { connection_id: string };
  'connection.deleted': { connection_id: string };
  'connection.status_changed': {
    connection_id: string;
    from: { status: string; health: string };
    to: { status: string; health: string };
    reason: string | null;
  };
  'connection.auth_required': { connection_id: string; system: string; message: string; at: string };
  'sync.started': { connection_id: string; sync_id: string; mode: string };
  'sync.progress': { connection_id: string; sync_id: string; entity: string; records: number };
  'sync.completed': { connection_id: string; sync_id: string; mode: string; counts: Record<string, unknown>; started_at: string; finished_at: string };
  'sync.failed': { connection_id: string; sync_id: string; mode: string; error: { code: string; message: string }; started_at: string; finished_at: string };
  'system.error': { connection_id: string; code: string; message: string; entity?: string; remote_id?: string };
  'credits.changed': { used: number; pool: number; available: number };
}
export type AgentEventType = keyof AgentEventMap;
export interface AgentEvent<T extends AgentEventType = AgentEventType> { type: T; at: string; data: AgentEventMap[T] }

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() { this.emitter.setMaxListeners(0); }

  emit<T extends AgentEventType>(type: T, data: AgentEventMap[T]): void {
    const event: AgentEvent<T> = { type, at: new Date().toISOString(), data };
    this.emitter.emit('event', event);
  }

  /** Every event; returns the unsubscribe function. */
  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
