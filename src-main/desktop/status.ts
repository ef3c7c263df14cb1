// The one-line status summary shown in the tray menu and tooltip.
import type { Connection } from '../contract/connections.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** e.g. "3 connections · 1 needs reconnect · 1 offline". */
export function statusSummary(connections: readonly Pick<Connection, 'status' | 'health'>[]): string {
  if (connections.length === 0) return 'No connections yet';
  const parts = [plural(connections.length, 'connection', 'connections')];
  const reconnect = connections.filter((c) => c.status === 'auth_required').length;
  // An inactive connection is not expected to answer, and one awaiting
  // reconnection is already counted: "offline" means active but unreachable.
  const offline = connections.filter((c) => c.status === 'active' && c.health === 'offline').length;
  if (reconnect) parts.push(`${reconnect} ${reconnect === 1 ? 'needs' : 'need'} reconnect`);
  if (offline) parts.push(`${offline} offline`);
  return parts.join(' · ');
}
