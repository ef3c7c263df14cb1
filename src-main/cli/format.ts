// Human-readable output of the CLI (`--json` prints the API's JSON instead).
import type { System } from '../contract/systems.js';
import type { Connection, ConnectResult } from '../contract/connections.js';
import type { Credits } from '../contract/credits.js';
import type { SyncRun } from '../contract/sync.js';
import type { Delivery, Flow, WebhookEndpoint } from '../contract/webhooks.js';
import type { AuditEntry } from '../contract/audit.js';

const roman = { 1: 'I', 2: 'II', 3: 'III' } as const;

export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function systemsTable(systems: System[]): string {
  return table(['ID', 'SYSTEM', 'TIER', 'CLOUD', 'ON-PREM', ''], systems.map((s) => [
    s.id, s.name, s.tier ? roman[s.tier] : '—',
    s.credits.cloud === null ? '—' : `${s.credits.cloud} cr`,
    s.credits.on_prem === null ? '—' : `${s.credits.on_prem} cr`,
    s.implemented ? '' : '(coming soon)',
  ]));
}

const statusLabel = { active: 'active', auth_required: 'NEEDS RECONNECT', inactive: 'inactive' } as const;

export function connectionsTable(list: Connection[]): string {
  if (list.length === 0) return 'No connections yet. Try: millwright connect --system sandbox --name Demo';
  return table(['ID', 'NAME', 'SYSTEM', 'DEPLOYMENT', 'CREDITS', 'STATUS', 'HEALTH', 'LAST SYNC'], list.map((c) => [
    c.id, c.name, c.system, c.deployment === 'on_prem' ? 'on-prem' : 'cloud', String(c.credits), statusLabel[c.status] + (c.paused ? ' (paused)' : ''), c.health, c.last_sync_at ?? 'never',
  ]));
}

export function connectionSettings(c: Connection): string {
  const o = c.options;
  return [
    `${c.id}  ${c.name}${c.paused ? '  (scheduled syncs paused)' : ''}`,
    `  sync interval            ${o.sync_interval_minutes} min`,
    `  sync blackouts           ${o.sync_blackouts.length ? o.sync_blackouts.map((w) => `${w.start}-${w.end}`).join(', ') : 'none'} (local time)`,
    `  max concurrent requests  ${o.max_concurrent_requests}`,
    `  passthrough              ${o.passthrough}`,
  ].join('\n');
}

export function auditTable(list: AuditEntry[]): string {
  if (list.length === 0) return 'No audit entries.';
  return table(['AT', 'ACTOR', 'KIND', 'CONNECTION', 'METHOD', 'PATH', 'STATUS', 'MS', 'DETAIL'], list.map((e) => [
    e.at, e.actor, e.kind, e.connection_id ?? '', e.method, e.path, String(e.status), String(e.duration_ms), e.detail,
  ]));
}

export function connectionLine(c: Connection): string {
  return `${c.id}  ${c.name}  ${statusLabel[c.status]}${c.status_reason ? ` (${c.status_reason})` : ''}`;
}

export function creditsText(c: Credits): string {
  const head = `Pool ${c.pool} · used ${c.used} · available ${c.available}`;
  if (c.ledger.length === 0) return `${head}\nNo credit movements yet.`;
  return `${head}\n\n${table(['AT', 'KIND', 'CONNECTION', 'AMOUNT', 'BALANCE', 'REASON'], c.ledger.slice(0, 20).map((e) => [
    e.at, e.kind, e.connection_id, (e.kind === 'consume' ? '-' : '+') + e.amount, String(e.balance_after), e.reason,
  ]))}`;
}

export function connectResult(r: ConnectResult, reconnect = false): string {
  const c = r.connection;
  const lines = [
    `${reconnect ? 'Reconnected' : 'Connected'} ${c.name} (${c.id}), ${c.system} ${c.deployment === 'on_prem' ? 'on-prem' : 'cloud'}, ${c.credits} credit(s).`,
    `Status: ${statusLabel[c.status]}${r.credits_missing ? ` — ${r.credits_missing} credit(s) missing; activate it once credits allow: millwright activate ${c.id}` : ''}`,
    '',
    'API token (keep it secret; `millwright token ID` shows it again):',
    r.token,
  ];
  if (reconnect) lines.push('The old token no longer works.');
  return lines.join('\n');
}

export function syncRun(s: SyncRun): string {
  const counts = Object.entries(s.counts).map(([e, c]) => `  ${e.padEnd(16)} +${c.created} ~${c.updated} -${c.deleted}${c.failed ? ` !${c.failed}` : ''}`);
  return [`Sync ${s.id} (${s.mode}): ${s.status}${s.error ? ` — ${s.error.message}` : ''}`, ...counts].join('\n');
}

const listOrAll = (v: string[] | 'all') => (v === 'all' ? 'all' : v.join(','));

export function webhooksTable(list: WebhookEndpoint[]): string {
  if (list.length === 0) return 'No webhooks yet. Try: millwright webhooks add --url https://example.com/hooks --events sync.completed';
  return table(['ID', 'URL', 'EVENTS', 'CONNECTIONS', 'ENTITIES', 'STATE'], list.map((w) => [
    w.id, w.url, listOrAll(w.event_types), listOrAll(w.connection_ids), listOrAll(w.entities), w.enabled ? (w.failing_since ? `failing since ${w.failing_since}` : 'enabled') : 'disabled',
  ]));
}

export function deliveriesTable(list: Delivery[]): string {
  if (list.length === 0) return 'No deliveries.';
  return table(['ID', 'TYPE', 'WEBHOOK', 'STATUS', 'ATTEMPTS', 'LAST', 'NEXT ATTEMPT'], list.map((d) => {
    const last = d.attempts.at(-1);
    return [d.id, d.type, d.webhook_id, d.status, String(d.attempts.length), last ? `${last.status_code ?? last.error ?? ''}` : '', d.next_attempt_at ?? ''];
  }));
}

export function flowsTable(list: Flow[]): string {
  if (list.length === 0) return 'No flows yet. Try: millwright flows add --file flow.json';
  return table(['ID', 'CONNECTION', 'ENTITY', 'TRIGGER', 'CONDITIONS', 'WEBHOOK'], list.map((f) => [
    f.id, f.connection_id, f.entity, f.trigger, f.conditions.map((c) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`).join(' and ') || '(always)', f.webhook_id,
  ]));
}
