// support/ owns the support bundle: one zip an admin sends to support, with
// what a support engineer needs to understand a plant's agent (versions,
// settings, connections, sync history, the last diagnoses, recent logs) and
// no secret. Redaction is by construction: every field is picked by name from
// an allow-list below, nothing is copied whole; then every string is scrubbed
// of the agent's known secrets and of secret-shaped text (redact.ts). Only
// regular files inside the data dir's logs/ folder are read: a symbolic link
// or anything resolving outside the data dir is refused and noted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import type { Agent } from '../agent.js';
import type { Connection } from '../contract/connections.js';
import type { FileResult } from '../contract/plantops.js';
import { findSystem } from '../systems/registry.js';
import { ADMIN_TOKEN_FILE } from '../host/paths.js';
import { accounts as vaultAccounts } from '../vault/vault.js';
import { VERSION } from '../version.js';
import { createScrubber, safeUrl, scrubDeep, type Scrub } from './redact.js';

/** Per log file, only its end goes in: enough for the last hours of a busy agent. */
export const LOG_TAIL_BYTES = 4 * 1024 * 1024;
const SYNC_RUNS_PER_CONNECTION = 20;

/** The log line fields that go into the bundle; everything else in a line is dropped. */
const LOG_FIELDS = ['time', 'level', 'msg', 'event', 'connection_id', 'sync_id', 'delivery_id', 'webhook_id', 'listener', 'kind', 'entity', 'code',
  'status', 'status_code', 'duration_ms', 'admin_url', 'api_url', 'removed', 'promoted', 'channel', 'reqId', 'responseTime'] as const;

export async function buildSupportBundle(agent: Agent, now = new Date()): Promise<FileResult> {
  const scrub = createScrubber(await knownSecrets(agent));
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const root = `millwright-support-${stamp}`;
  const notes: string[] = [];
  const files: Record<string, unknown> = {
    'versions.json': await versions(agent),
    'settings.json': agent.settings.all(),
    'connections.json': connections(agent),
    'sync-history.json': syncHistory(agent),
    'diagnoses.json': diagnoses(agent),
    'webhooks.json': webhooks(agent),
    'credits.json': credits(agent),
    'events.json': agent.events.recent(500).map((e) => ({ at: e.at, type: e.type, connection_id: e.connection_id })),
  };
  const entries: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(files)) entries[`${root}/${name}`] = strToU8(`${JSON.stringify(scrubDeep(value, scrub), null, 2)}\n`);
  for (const log of readLogs(agent.dataDir, notes)) entries[`${root}/logs/${log.name}`] = strToU8(log.lines.map((l) => redactLogLine(l, scrub)).join('\n') + '\n');
  entries[`${root}/README.txt`] = strToU8(readme(now, notes));
  const data = zipSync(entries, { level: 6, mtime: now });
  return { filename: `${root}.zip`, content_type: 'application/zip', data };
}

/** Every secret this installation holds: each keychain entry (and each value inside a JSON one) and the admin token. */
async function knownSecrets(agent: Agent): Promise<string[]> {
  const out: string[] = [];
  try { out.push(fs.readFileSync(path.join(agent.dataDir, ADMIN_TOKEN_FILE), 'utf8').trim()); } catch { /* no admin token yet */ }
  let names: string[] = [];
  try {
    names = await agent.vault.accounts();
  } catch {
    // Without the keychain the shape patterns still apply; the agent cannot hold new secrets either.
    names = agent.connections.list().flatMap((c) => [vaultAccounts.connectionCredentials(c.id), vaultAccounts.connectionToken(c.id)]);
  }
  for (const name of names) {
    let value: string | null = null;
    try { value = await agent.vault.get(name); } catch { continue; }
    if (!value) continue;
    out.push(value);
    try {
      const parsed = JSON.parse(value) as unknown;
      if (parsed && typeof parsed === 'object') out.push(...Object.values(parsed).filter((v): v is string => typeof v === 'string'));
    } catch { /* a plain secret */ }
  }
  return out;
}

async function versions(agent: Agent) {
  const sqlite = agent.db.prepare('SELECT sqlite_version()').pluck().get() as string;
  const schema = agent.db.pragma('user_version', { simple: true }) as number;
  return {
    app: VERSION,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    os: { platform: process.platform, release: os.release(), arch: process.arch, version: os.version() },
    sqlite,
    database_schema: schema,
    keychain: await agent.vault.describe(),
    // Connectors do not report the system's release yet; null means "not known".
    systems: agent.connections.list().map((c) => ({ connection_id: c.id, system: c.system, version: null })),
  };
}

/** The system's own declared options (SAP's client…): plain values, never secrets. */
function systemOptions(agent: Agent, c: Connection): Record<string, unknown> {
  const declared = findSystem(c.system, agent.connections.systemList())?.options ?? [];
  return Object.fromEntries(declared.map((o) => [o.key, c.options[o.key] ?? null]));
}

function connections(agent: Agent) {
  return agent.connections.list().map((c) => ({
    id: c.id, name: c.name, system: c.system, deployment: c.deployment, base_url: safeUrl(c.base_url), credits: c.credits,
    status: c.status, health: c.health, status_reason: c.status_reason, status_changed_at: c.status_changed_at,
    created_at: c.created_at, last_sync_at: c.last_sync_at,
    options: {
      ...systemOptions(agent, c),
      sync_interval_minutes: c.options.sync_interval_minutes, history_days: c.options.history_days,
      allow_insecure: c.options.allow_insecure ?? false, proxy_url: safeUrl(c.options.proxy_url), has_ca_cert: c.options.has_ca_cert ?? false,
    },
    entities: c.entities,
    // Metadata values are the admin's free text: only their names go in.
    user_metadata_keys: Object.keys(c.user_metadata),
  }));
}

function syncHistory(agent: Agent) {
  return Object.fromEntries(agent.connections.list().map((c) => [c.id, agent.sync.repo.runs(c.id, SYNC_RUNS_PER_CONNECTION).map((r) => ({
    id: r.id, mode: r.mode, status: r.status, started_at: r.started_at, finished_at: r.finished_at, counts: r.counts,
    error: r.error ? { code: r.error.code, message: r.error.message } : null,
  }))]));
}

function diagnoses(agent: Agent) {
  return Object.fromEntries(agent.connections.list().map((c) => {
    const d = agent.diagnostics.last(c.id);
    return [c.id, d && { at: d.at, trigger: d.trigger, ok: d.ok, checks: d.checks.map((k) => ({ name: k.name, ok: k.ok, duration_ms: k.duration_ms, detail: k.detail, skipped: k.skipped ?? false })) }];
  }));
}

function webhooks(agent: Agent) {
  return agent.webhooks.listEndpoints().map((w) => ({
    id: w.id, url: safeUrl(w.url), event_types: w.event_types, connection_ids: w.connection_ids, enabled: w.enabled,
    created_at: w.created_at, failing_since: w.failing_since ?? null, disabled_reason: w.disabled_reason ?? null,
  }));
}

function credits(agent: Agent) {
  const c = agent.ledger.summary(100);
  return { pool: c.pool, used: c.used, available: c.available, ledger: c.ledger.map((l) => ({ at: l.at, kind: l.kind, connection_id: l.connection_id, amount: l.amount, balance_after: l.balance_after, reason: l.reason })) };
}

/** The end of each regular log file in <data dir>/logs, as lines; links and strays are refused with a note. */
function readLogs(dataDir: string, notes: string[]): { name: string; lines: string[] }[] {
  const realData = fs.realpathSync(dataDir);
  const dir = path.join(dataDir, 'logs');
  let st: fs.Stats;
  try { st = fs.lstatSync(dir); } catch { notes.push('No logs folder in the data dir.'); return []; }
  if (!st.isDirectory()) { notes.push('logs/ is not a folder inside the data dir (a link?): no logs included.'); return []; }
  const out: { name: string; lines: string[] }[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const s = fs.lstatSync(file);
    if (s.isSymbolicLink()) { notes.push(`logs/${name} refused: a symbolic link (only files inside the data dir are included).`); continue; }
    if (!s.isFile() || !name.endsWith('.log')) continue;
    if (!fs.realpathSync(file).startsWith(realData + path.sep)) { notes.push(`logs/${name} refused: it lies outside the data dir.`); continue; }
    out.push({ name, lines: tail(file, s.size) });
  }
  return out;
}

function tail(file: string, size: number): string[] {
  // O_NOFOLLOW: the file was checked above; refuse it if it became a link since.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n');
    if (length < size) lines.shift(); // a partial first line
    return lines.filter((l) => l.trim() !== '');
  } finally {
    fs.closeSync(fd);
  }
}

/** A pino line reduced to its allow-listed fields (an error to its type, code and message); other text is scrubbed whole. */
export function redactLogLine(line: string, scrub: Scrub): string {
  let parsed: Record<string, unknown>;
  try { parsed = JSON.parse(line) as Record<string, unknown>; } catch { return scrub(line); }
  if (!parsed || typeof parsed !== 'object') return scrub(line);
  const kept: Record<string, unknown> = {};
  for (const k of LOG_FIELDS) if (k in parsed && (typeof parsed[k] !== 'object' || parsed[k] === null)) kept[k] = parsed[k];
  const err = parsed.err as { type?: unknown; code?: unknown; message?: unknown } | string | undefined;
  if (typeof err === 'string') kept.err = err;
  else if (err && typeof err === 'object') kept.err = { type: String(err.type ?? 'Error'), code: err.code ?? null, message: String(err.message ?? '') };
  return JSON.stringify(scrubDeep(kept, scrub));
}

function readme(now: Date, notes: string[]): string {
  return [
    `Millwright support bundle, made ${now.toISOString()} by Millwright ${VERSION}.`,
    '',
    'versions.json       app, Node, Electron, OS, SQLite, database schema, keychain backend',
    'settings.json       every setting',
    'connections.json    connections: system, URL, status, health, options (no credentials, no tokens)',
    'sync-history.json   the last sync runs of each connection, with counts and errors',
    'diagnoses.json      the last diagnosis of each connection',
    'webhooks.json       webhook endpoints (URLs without credentials or query; no secrets)',
    'credits.json        credit pool, use and the recent ledger',
    'events.json         recent agent events (type, time, connection)',
    'logs/               the end of each log file, each line reduced to known fields',
    '',
    'No secret is included: fields are taken from an allow-list, and every text is scrubbed of this',
    "agent's keychain secrets, its admin token and anything shaped like a token, password or key.",
    ...(notes.length ? ['', 'Notes:', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}
