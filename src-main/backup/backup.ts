// backup/ owns backup and restore: one encrypted file (format.ts) with the
// settings, every connection with its credentials and API token, every webhook
// endpoint with its signing secrets, and the flows. Synced records are not in
// it: after a restore each active connection syncs again.
//
// Restore is all or nothing. The file is decrypted and checked in full first
// (a wrong passphrase or a damaged file changes nothing). Then, like connect,
// the new secrets are journalled and written to this machine's keychain (its
// own namespace: a fresh data dir has a new one), and one SQLite transaction
// swaps the rows: what existed is removed (only with force), the backup's rows
// go in with their credits consumed, and the journal is settled. A crash in
// between is repaired at the next start from the journal (secrets without rows
// are deleted). The old secrets are deleted after the commit.
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { ConnectionId, ConnectionStatus, MaxConcurrentRequests, PassthroughMode, SyncBlackouts, type ConnectionStatus as Status } from '../contract/connections.js';
import { MillwrightError, parseOrFail } from '../contract/errors.js';
import { RestoreInput, type FileResult, type RestoreResult } from '../contract/plantops.js';
import { defaultSettings, SettingsPatch } from '../contract/settings.js';
import { Deployment } from '../contract/systems.js';
import { EntityNameSchema } from '../contract/unified.js';
import { nowIso } from '../store/db.js';
import { connectionSecretAccounts } from '../connections/lifecycle.js';
import { generateToken, hashToken, isWellFormedToken } from '../connections/tokens.js';
import { creditCost } from '../systems/kit/definition.js';
import { findSystem } from '../systems/registry.js';
import { accounts } from '../vault/vault.js';
import { VaultJournal } from '../vault/journal.js';
import { FlowId, WebhookId } from '../contract/webhooks.js';
import { secretAccounts as webhookSecretAccounts } from '../webhooks/service.js';
import { secretHash } from '../webhooks/signer.js';
import { openBackup, sealBackup } from './format.js';

/** The common options, and beside them the system's own declared options (sap_client…), which are strings. */
const Options = z.object({
  sync_interval_minutes: z.number().int(), history_days: z.number().int(),
  allow_insecure: z.boolean().optional(), proxy_url: z.string().optional(), ca_cert: z.string().optional(),
  passthrough: PassthroughMode.optional(), max_concurrent_requests: MaxConcurrentRequests.optional(), sync_blackouts: SyncBlackouts.optional(),
}).catchall(z.string());

const Payload = z.object({
  settings: z.record(z.string(), z.unknown()),
  connections: z.array(z.object({
    id: ConnectionId, name: z.string().min(1).max(200), system: z.string(), deployment: Deployment, base_url: z.string().nullable(),
    status: ConnectionStatus, status_reason: z.string().nullable(), created_at: z.string(),
    user_metadata: z.record(z.string(), z.unknown()), options: Options, paused: z.boolean().optional(),
    credentials: z.record(z.string(), z.string()), token: z.string().nullable(),
  })),
  webhooks: z.array(z.object({
    id: WebhookId, url: z.string(), event_types: z.unknown(), connection_ids: z.unknown(), entities: z.unknown().optional(), enabled: z.boolean(), description: z.string().nullable(),
    created_at: z.string(), previous_secret_until: z.number().nullable(), disabled_reason: z.string().nullable(),
    secret: z.string().min(1), previous_secret: z.string().nullable(),
  })),
  flows: z.array(z.object({
    id: FlowId, connection_id: ConnectionId, entity: EntityNameSchema, trigger: z.enum(['created', 'updated', 'any']), conditions: z.array(z.unknown()),
    webhook_id: WebhookId, enabled: z.boolean(), description: z.string().nullable(), created_at: z.string(),
  })),
});
type Payload = z.infer<typeof Payload>;

export async function createBackup(agent: Agent, passphrase: string, opts: { kdf?: { N: number; r: number; p: number } } = {}): Promise<FileResult> {
  await agent.vault.ensureAvailable();
  const rows = agent.connections.repo.list();
  const connections: Payload['connections'] = [];
  for (const row of rows) {
    const token = await agent.vault.get(accounts.connectionToken(row.id));
    connections.push({
      id: row.id, name: row.name, system: row.system, deployment: row.deployment, base_url: row.base_url, status: row.status,
      status_reason: row.status_reason, created_at: row.created_at, user_metadata: JSON.parse(row.user_metadata) as Record<string, unknown>,
      options: JSON.parse(row.options) as z.infer<typeof Options>, paused: row.paused === 1, credentials: await agent.connections.credentials(row.id),
      // A token that is not in the keychain any more cannot be restored: the restore issues a new one and says so.
      token: token && hashToken(token) === row.token_hash ? token : null,
    });
  }
  const { endpoints, flows } = agent.webhooks.backupRows();
  const webhooks: Payload['webhooks'] = [];
  for (const e of endpoints) {
    const [secret] = await agent.webhooks.signingSecrets(e.id);
    const previousOpen = e.previous_secret_until !== null && e.previous_secret_until > Date.now();
    webhooks.push({ ...e, secret, previous_secret: previousOpen ? await agent.vault.get(webhookSecretAccounts.previous(e.id)) : null });
  }
  const payload: Payload = { settings: agent.settings.all(), connections, webhooks, flows: flows as Payload['flows'] };
  const now = new Date();
  const data = await sealBackup(payload, passphrase, { kdf: opts.kdf, now });
  return { filename: `millwright-backup-${now.toISOString().slice(0, 10)}.mwbackup`, content_type: 'application/octet-stream', data };
}

export async function restoreBackup(agent: Agent, { file, passphrase, force }: z.infer<typeof RestoreInput>): Promise<RestoreResult> {
  const { header, payload: raw } = await openBackup(file, passphrase);
  const payload = checkPayload(agent, raw);

  const existing = { connections: agent.connections.repo.list(), ...agent.webhooks.backupRows() };
  const present = [plural(existing.connections.length, 'connection'), plural(existing.endpoints.length, 'webhook'), plural(existing.flows.length, 'flow')].filter(Boolean);
  if (present.length && !force) {
    throw new MillwrightError('conflict', `This agent already has ${present.join(', ')}; restoring replaces them. Restore with force (--force) to replace them, or restore into a fresh data dir.`);
  }
  await agent.vault.ensureAvailable();

  const warnings: string[] = [];
  const journal = new VaultJournal(agent.db);
  const tokens = new Map<string, string>();
  const writes: { owner: string; account: string; secret: string }[] = [];
  for (const c of payload.connections) {
    let token = c.token && isWellFormedToken(c.token) ? c.token : null;
    if (!token) {
      token = generateToken();
      warnings.push(`${c.id} (${c.name}): its API token was not in the backup; a new one was issued (millwright token ${c.id}).`);
    }
    tokens.set(c.id, token);
    writes.push({ owner: c.id, account: accounts.connectionCredentials(c.id), secret: JSON.stringify(c.credentials) });
    writes.push({ owner: c.id, account: accounts.connectionToken(c.id), secret: token });
  }
  for (const w of payload.webhooks) {
    writes.push({ owner: w.id, account: webhookSecretAccounts.current(w.id), secret: w.secret });
    if (w.previous_secret) writes.push({ owner: w.id, account: webhookSecretAccounts.previous(w.id), secret: w.previous_secret });
  }
  const written = new Set(writes.map((w) => w.account));

  // Secrets first (journalled, so a crash before the commit leaves nothing behind), then the rows.
  for (const w of writes) journal.open(w.owner, [w.account]);
  try {
    for (const w of writes) await agent.vault.set(w.account, w.secret);
  } catch (err) {
    await forget(agent, journal, writes.filter((w) => !isExisting(existing, w.owner)).map((w) => w.account));
    throw err;
  }

  const lifecycle = agent.connections;
  for (const c of existing.connections) lifecycle.hooks.onStopped?.(c.id);
  const stale: string[] = [];
  const activated: string[] = [];
  try {
    agent.db.transaction(() => {
      for (const c of existing.connections) {
        if (c.status !== 'inactive') agent.ledger.giveBack(c.id, c.credits, 'replaced by a restore');
        lifecycle.hooks.onDeletedInTx?.(c.id);
        lifecycle.repo.delete(c.id);
        const old = connectionSecretAccounts(c.id).filter((a) => !written.has(a));
        journal.open(c.id, old);
        stale.push(...old);
        agent.bus.emit('connection.deleted', { connection_id: c.id });
      }
      stale.push(...agent.webhooks.removeAllInTx().filter((a) => !written.has(a)));
      journal.settle([...written]); // removeAllInTx journals the webhook accounts again; the restored ones stay

      agent.settings.patch(payload.settings);
      const at = nowIso();
      for (const c of payload.connections) {
        const system = findSystem(c.system, lifecycle.systemList())!;
        const cost = creditCost(system, c.deployment);
        let status: Status = c.status;
        let reason = c.status_reason;
        if (status !== 'inactive' && agent.ledger.available() < cost) {
          warnings.push(`${c.id} (${c.name}) was restored inactive: it costs ${cost} credits and ${agent.ledger.available()} are available. Raise credits.pool, then activate it.`);
          status = 'inactive';
          reason = `Not enough credits after the restore: ${cost - agent.ledger.available()} missing.`;
        }
        lifecycle.repo.insert({
          id: c.id, name: c.name, system: c.system, deployment: c.deployment, base_url: c.base_url, credits: cost, status, health: 'unknown',
          status_reason: reason, status_changed_at: at, created_at: c.created_at, last_sync_at: null,
          user_metadata: JSON.stringify(c.user_metadata), options: JSON.stringify(c.options), token_hash: hashToken(tokens.get(c.id)!),
          paused: c.paused ? 1 : 0,
        });
        if (status !== 'inactive') agent.ledger.consume(c.id, cost, `restored from a backup of ${header.created_at}`);
        if (status === 'active') activated.push(c.id);
        agent.bus.emit('connection.created', { connection_id: c.id });
      }
      agent.webhooks.restoreRowsInTx(payload.webhooks.map(({ secret, previous_secret: _p, ...w }) => ({ ...w, secret_hash: secretHash(secret) })), payload.flows);
    })();
  } catch (err) {
    await forget(agent, journal, writes.filter((w) => !isExisting(existing, w.owner)).map((w) => w.account));
    throw err;
  }

  await forget(agent, journal, stale);
  const used = agent.ledger.used();
  agent.bus.emit('credits.changed', { used, available: agent.ledger.available(), pool: used + agent.ledger.available() });
  for (const id of activated) lifecycle.hooks.onActive?.(id, 'activated');
  return {
    restored: { connections: payload.connections.length, webhooks: payload.webhooks.length, flows: payload.flows.length, settings: Object.keys(payload.settings).length },
    replaced: { connections: existing.connections.length, webhooks: existing.endpoints.length, flows: existing.flows.length },
    backup: { created_at: header.created_at, app_version: header.app_version },
    warnings,
  };
}

/** The decrypted payload must be whole and consistent before anything is touched. */
function checkPayload(agent: Agent, raw: unknown): Payload {
  const parsed = Payload.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(`${issue?.path.join('.') || 'its contents'}: ${issue?.message}`);
  }
  const p = parsed.data;
  // Settings this version knows (a backup is never newer than this version; older keys may be gone).
  const known = Object.fromEntries(Object.entries(p.settings).filter(([k]) => k in defaultSettings));
  try { p.settings = parseOrFail(SettingsPatch, known); } catch (err) { throw damaged(`settings: ${(err as Error).message}`); }
  const connectionIds = new Set(p.connections.map((c) => c.id));
  const webhookIds = new Set(p.webhooks.map((w) => w.id));
  for (const c of p.connections) {
    const system = findSystem(c.system, agent.connections.systemList());
    if (!system || !agent.connections.isImplemented(c.system)) throw damaged(`connection ${c.id} is of system "${c.system}", which this version of Millwright does not have`);
  }
  for (const f of p.flows) {
    if (!connectionIds.has(f.connection_id) || !webhookIds.has(f.webhook_id)) throw damaged(`flow ${f.id} names a connection or webhook the backup does not hold`);
  }
  if (connectionIds.size !== p.connections.length || webhookIds.size !== p.webhooks.length) throw damaged('an id appears twice');
  return p;
}

const damaged = (why: string) => new MillwrightError('invalid_backup', `This backup file is damaged (${why}); nothing was restored.`, { status: 422 });

const plural = (n: number, word: string) => (n ? `${n} ${word}${n === 1 ? '' : 's'}` : '');

const isExisting = (existing: { connections: { id: string }[]; endpoints: { id: string }[] }, owner: string) =>
  existing.connections.some((c) => c.id === owner) || existing.endpoints.some((e) => e.id === owner);

/** Deletes keychain accounts and settles their journal rows; what fails stays journalled for the next start. */
async function forget(agent: Agent, journal: VaultJournal, list: string[]): Promise<void> {
  for (const account of list) {
    try { await agent.vault.delete(account); journal.settle([account]); } catch { /* repaired at the next start */ }
  }
}

