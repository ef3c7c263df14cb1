// Which agent events become OS notifications, and what they say. Pure: the
// Electron Notification is shown by a function passed in.
import type { AgentEvent } from '../events/bus.js';

export interface NotificationSpec {
  title: string;
  body: string;
  connectionId: string;
}

/** A notification for an event that needs an admin, or null. */
export function notificationFor(event: AgentEvent, connectionName: (id: string) => string | null): NotificationSpec | null {
  if (event.type === 'connection.auth_required') {
    const data = event.data as AgentEvent<'connection.auth_required'>['data'];
    const name = connectionName(data.connection_id) ?? data.system;
    return {
      title: `Reconnect ${name}`,
      body: data.message || 'Its credentials were refused. Reconnect to resume syncing.',
      connectionId: data.connection_id,
    };
  }
  if (event.type === 'connection.status_changed') {
    const data = event.data as AgentEvent<'connection.status_changed'>['data'];
    // Only the transition into offline, so a connection that stays down is announced once.
    if (data.to.health !== 'offline' || data.from.health === 'offline') return null;
    const name = connectionName(data.connection_id) ?? data.connection_id;
    return {
      title: `${name} is offline`,
      body: data.reason ?? 'Millwright cannot reach this system. It will keep trying.',
      connectionId: data.connection_id,
    };
  }
  return null;
}

export interface NotifierDeps {
  /** The `notifications.enabled` setting, read at each event. */
  enabled: () => boolean;
  connectionName: (id: string) => string | null;
  show: (spec: NotificationSpec, onClick: () => void) => void;
  onClick: (connectionId: string) => void;
}

/** A bus listener that shows a notification for the events that need one. */
export function createEventNotifier(deps: NotifierDeps): (event: AgentEvent) => void {
  return (event) => {
    const spec = notificationFor(event, deps.connectionName);
    if (!spec || !deps.enabled()) return;
    deps.show(spec, () => deps.onClick(spec.connectionId));
  };
}
