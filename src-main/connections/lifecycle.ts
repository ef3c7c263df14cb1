// connections/ owns the connection lifecycle (see the README, "Connections"):
// connect, reconnect, activate, deactivate, disconnect, auth_required, the API
// token, which entities each connection's user may read, and what a
// connector's failure does to the connection (the kit's failure policy). Each step
// that touches both the keychain and SQLite is ordered so that a crash between
// the two leaves nothing that start-up reconciliation cannot repair.
import type { Db } from '../store/db.js';
import { nowIso } from '../store/db.js';
import { fail, MillwrightError } from '../contract/errors.js';
import { type ConnectInput, type Connection, type ConnectionSummary, type ConnectionPatch, type ConnectResult, type ConnectionStatus, type TestResult } from '../contract/connections.js';
import type { Deployment } from '../contract/systems.js';
import { entityNames, type EntityName } from '../contract/unified.js';
import { findSystem, systems as knownSystems } from '../systems/registry.js';
import { creditCost, type SystemDefinition } from '../systems/kit/definition.js';
import { createConnector, type Connector, type EntityAvailability } from '../systems/kit/connector.js';
import type { ConnectorConfig } from '../systems/kit/config.js';
import type { ConnectorError } from '../systems/kit/errors.js';
import { failureEffect, type FailureEffect } from '../systems/kit/policy.js';
import { EntityStatusRepository } from './availability.js';
import { accounts, type Vault } from '../vault/vault.js';
import { VaultJournal } from '../vault/journal.js';
import { CreditLedger } from '../credits/ledger.js';
import type { EventBus } from '../events/bus.js';
import type { DiagnoseResult } from '../contract/plantops.js';
import { ConnectionRepository, effectiveOptions, toConnection, toConnectionSummary, type ConnectionRow, type StoredOptions } from './repository.js';
import { generateToken, hashToken, isWellFormedToken, sameHash } from './tokens.js';
import { newId } from '../ids.js';
import { KeyedMutex } from './mutex.js';
import { LoadGovernor } from './governor.js';

export interface LifecycleHooks {
  /** A connection started holding credits and may sync (after connect, activate, reconnect). */
  onActive?(id: string, reason: 'connected' | 'activated' | 'reconnected'): void;
  /** A connection stopped syncing (deactivate, auth_required). */
  onStopped?(id: string): void;
  /** A connection is gone: delete its synced data. Runs inside the disconnect transaction. */
  onDeletedInTx?(id: string): void;
  /** A connection is going offline: diagnose it first, so the status change carries the diagnosis. */
  diagnoseOffline?(id: string): Promise<DiagnoseResult>;
}

export interface LifecycleDeps {
  db: Db;
  vault: Vault;
  bus: EventBus;
  ledger: CreditLedger;
  /** The systems this agent knows (tests add their own). */
  systems?: readonly SystemDefinition[];
  hooks?: LifecycleHooks;
}

const DEFAULT_SYNC_INTERVAL = 60;
const DEFAULT_HISTORY_DAYS = 90;

export class ConnectionLifecycle {
  readonly repo: ConnectionRepository;
  readonly entities: EntityStatusRepository;
  /** At most max_concurrent_requests requests in flight per connection, whoever sends them. */
  readonly governor: LoadGovernor;
  private readonly systems: readonly SystemDefinition[];
  private readonly mutex = new KeyedMutex();
  private readonly journal: VaultJournal;
  private readonly goingOffline = new Map<string, Promise<void>>();
  private readonly healthGeneration = new Map<string, number>();
  hooks: LifecycleHooks;

  constructor(private readonly deps: LifecycleDeps) {
    this.repo = new ConnectionRepository(deps.db);
    this.entities = new EntityStatusRepository(deps.db);
    this.governor = new LoadGovernor((id) => {
      const row = this.repo.get(id);
      return effectiveOptions(row ? JSON.parse(row.options) as StoredOptions : { sync_interval_minutes: 0, history_days: 0 }).max_concurrent_requests;
    });
    this.systems = deps.systems ?? knownSystems;
    this.hooks = deps.hooks ?? {};
    this.journal = new VaultJournal(deps.db);
  }

  isImplemented(systemId: string): boolean {
    return findSystem(systemId, this.systems)?.connector !== undefined;
  }

  systemList(): readonly SystemDefinition[] {
    return this.systems;
  }

  list(): Connection[] {
    const entities = this.entities.availabilityByConnection();
    return this.repo.list().map((row) => toConnection(row, entities.get(row.id) ?? {}));
  }

  /** Every connection as a list shows it, in the order of list(). */
  summaries(): ConnectionSummary[] {
    return this.repo.summaryRows().map(toConnectionSummary);
  }

  get(id: string): Connection {
    return toConnection(this.row(id), this.entities.availability(id));
  }

  row(id: string): ConnectionRow {
    const row = this.repo.get(id);
    if (!row) throw fail('not_found', `No connection ${id}.`);
    return row;
  }

  /** Verify credentials against the system and check every entity, without storing anything. */
  async test(input: ConnectInput): Promise<TestResult> {
    const plan = this.plan(input);
    const entities = await this.verify(plan.system, plan.config);
    const at = nowIso();
    return {
      ok: Object.values(entities).some((e) => e.available),
      entities: Object.fromEntries(Object.entries(entities).map(([e, a]) => [e, { ...a, checked_at: at }])),
    };
  }

  async connect(input: ConnectInput): Promise<ConnectResult> {
    const plan = this.plan(input);
    await this.deps.vault.ensureAvailable();
    const entities = await this.verify(plan.system, plan.config);
    if (!Object.values(entities).some((e) => e.available)) {
      const why = Object.entries(entities).map(([e, a]) => `${e}: ${a.reason}`).join('; ');
      throw fail('no_entity_available', `${plan.system.name} accepted the credentials, but this user may read none of what Millwright syncs (${why}). Test the connection to see what to ask the ${plan.system.name} admin for.`);
    }

    const id = newId('con');
    const token = generateToken();
    const cost = creditCost(plan.system, plan.deployment);
    // Journal, then secrets, then the row (which settles the journal): a crash in between leaves
    // journal rows without a connection, and start-up deletes their secrets.
    const secrets = [accounts.connectionCredentials(id), accounts.connectionToken(id)];
    this.journal.open(id, secrets);
    await this.deps.vault.set(secrets[0], JSON.stringify(plan.config.credentials));
    await this.deps.vault.set(secrets[1], token);

    let creditsMissing = 0;
    try {
      this.deps.db.transaction(() => {
        const available = this.deps.ledger.available();
        const status: ConnectionStatus = available >= cost ? 'active' : 'inactive';
        creditsMissing = status === 'active' ? 0 : cost - available;
        const at = nowIso();
        this.repo.insert({
          id, name: plan.name, system: plan.system.id, deployment: plan.deployment, base_url: plan.config.baseUrl,
          credits: cost, status, health: 'online',
          status_reason: status === 'active' ? null : `Not enough credits: ${creditsMissing} missing.`,
          status_changed_at: at, created_at: at, last_sync_at: null,
          user_metadata: JSON.stringify(plan.userMetadata), options: JSON.stringify(plan.options), token_hash: hashToken(token), paused: 0,
        });
        if (status === 'active') this.deps.ledger.consume(id, cost, `connected ${plan.system.name} (${plan.deployment})`);
        for (const [entity, a] of Object.entries(entities) as [EntityName, EntityAvailability][]) this.entities.checked(id, entity, a, at);
        this.journal.settle(secrets);
      })();
    } catch (err) {
      await this.forgetSecrets(id);
      throw err;
    }
    this.deps.bus.emit('connection.created', { connection_id: id });
    this.creditsChanged();
    const connection = this.get(id);
    if (connection.status === 'active') this.hooks.onActive?.(id, 'connected');
    return { connection, token, credits_missing: creditsMissing };
  }

  async reconnect(id: string, credentials: Record<string, string> | undefined): Promise<ConnectResult> {
    return this.mutex.run(id, async () => {
      const row = this.row(id);
      const system = this.system(row.system);
      await this.deps.vault.ensureAvailable();
      const stored = await this.credentials(id);
      // A field engineer types only the new secret: keep the stored user/e-mail unless the new set is complete.
      const creds = !credentials ? stored
        : this.fitsCredentials(system, credentials) ? credentials
          : { ...nonSecretFields(system, stored), ...credentials };
      this.checkCredentials(system, creds);
      await this.verify(system, this.config(row, creds));
      await this.deps.vault.set(accounts.connectionCredentials(id), JSON.stringify(creds));
      const token = generateToken();
      await this.installToken(id, token, () => {
        if (row.status === 'auth_required') this.transition(row, 'active', null);
      });
      const connection = this.get(id);
      if (connection.status === 'active') this.hooks.onActive?.(id, 'reconnected');
      return { connection, token, credits_missing: 0 };
    });
  }

  /** What the reconnect form shows filled in: the stored credential set and its non-secret fields. */
  async storedFields(id: string): Promise<{ set_index: number; values: Record<string, string> }> {
    const system = this.system(this.row(id).system);
    const stored = await this.credentials(id);
    const setIndex = system.credentialSets.findIndex((set) => this.fitsCredentials({ ...system, credentialSets: [set] }, stored));
    return { set_index: Math.max(setIndex, 0), values: nonSecretFields(system, stored) };
  }

  async activate(id: string): Promise<Connection> {
    return this.mutex.run(id, async () => {
      const row = this.row(id);
      if (row.status !== 'inactive') return this.get(row.id);
      this.deps.db.transaction(() => {
        this.deps.ledger.consume(id, row.credits, 'activated');
        this.transition(row, 'active', null);
      })();
      this.creditsChanged();
      this.hooks.onActive?.(id, 'activated');
      return this.get(id);
    });
  }

  async deactivate(id: string): Promise<Connection> {
    return this.mutex.run(id, async () => {
      const row = this.row(id);
      if (row.status === 'inactive') return this.get(row.id);
      this.deps.db.transaction(() => {
        this.deps.ledger.giveBack(id, row.credits, 'deactivated');
        this.transition(row, 'inactive', 'Deactivated by the admin.');
      })();
      this.hooks.onStopped?.(id);
      this.creditsChanged();
      return this.get(id);
    });
  }

  async disconnect(id: string): Promise<{ id: string; credits_returned: number }> {
    return this.mutex.run(id, async () => {
      const row = this.row(id);
      const holds = row.status !== 'inactive';
      this.hooks.onStopped?.(id);
      this.deps.db.transaction(() => {
        if (holds) this.deps.ledger.giveBack(id, row.credits, 'disconnected');
        this.hooks.onDeletedInTx?.(id);
        this.entities.deleteConnection(id);
        this.repo.delete(id);
        this.journal.open(id, secretAccounts(id));
      })();
      this.governor.forget(id);
      // The token is already revoked (its hash is gone); a crash here leaves journal rows that start-up finishes.
      await this.forgetSecrets(id);
      this.deps.bus.emit('connection.deleted', { connection_id: id });
      this.creditsChanged();
      return { id, credits_returned: holds ? row.credits : 0 };
    });
  }

  /** The system rejected the stored credentials (sync, health check or API call). */
  markAuthRequired(id: string, message: string): void {
    const row = this.repo.get(id);
    if (!row || row.status !== 'active') return;
    const at = nowIso();
    this.deps.db.transaction(() => {
      this.transition(row, 'auth_required', message, at);
      this.deps.bus.emit('connection.auth_required', { connection_id: id, system: row.system, message, at });
    })();
    this.hooks.onStopped?.(id);
  }

  /**
   * What a connector's failure does to the connection, by the kit's failure
   * policy: the same for a sync, a health check and an API write.
   */
  async applyFailure(id: string, e: ConnectorError): Promise<FailureEffect> {
    const effect = failureEffect(e);
    if (effect.status === 'auth_required') this.markAuthRequired(id, `The system rejected the stored credentials: ${e.message}`);
    if (effect.health) await this.setHealth(id, effect.health, effect.health === 'offline' ? e.message : null); // offline: after its diagnosis
    return effect;
  }

  /**
   * Records the connection's health. Going offline first runs the diagnosis
   * (hook `diagnoseOffline`), so the status_changed event carries it and is
   * written with the change; the promise settles once the change is stored and
   * never rejects. Going online meanwhile wins over a pending offline.
   */
  setHealth(id: string, health: 'online' | 'offline' | 'unknown', reason: string | null = null): Promise<void> {
    // Each online/unknown report starts a new generation; a pending offline from an older one is dropped.
    if (health !== 'offline') this.healthGeneration.set(id, (this.healthGeneration.get(id) ?? 0) + 1);
    const generation = this.healthGeneration.get(id) ?? 0;
    const row = this.repo.get(id);
    if (!row || row.health === health) return Promise.resolve();
    const diagnose = this.hooks.diagnoseOffline;
    if (health !== 'offline' || !diagnose) {
      this.writeHealth(row, health, reason);
      return Promise.resolve();
    }
    let pending = this.goingOffline.get(id);
    if (!pending) {
      pending = (async () => {
        let result: Awaited<ReturnType<typeof diagnose>> | undefined;
        try { result = await diagnose(id); } catch { /* the change matters more than its diagnosis */ }
        const now = this.repo.get(id);
        if (now && now.health !== 'offline' && (this.healthGeneration.get(id) ?? 0) === generation) this.writeHealth(now, 'offline', reason, result);
      })().catch(() => { /* not stored: the next health check reports it again */ }).finally(() => this.goingOffline.delete(id));
      this.goingOffline.set(id, pending);
    }
    return pending;
  }

  private writeHealth(row: ConnectionRow, health: 'online' | 'offline' | 'unknown', reason: string | null, diagnose?: DiagnoseResult): void {
    this.deps.db.transaction(() => {
      this.repo.setHealth(row.id, health);
      this.deps.bus.emit('connection.status_changed', {
        connection_id: row.id, from: { status: row.status, health: row.health }, to: { status: row.status, health }, reason, ...(diagnose ? { diagnose } : {}),
      });
    })();
  }

  async revealToken(id: string): Promise<{ token: string }> {
    const row = this.row(id);
    const token = await this.deps.vault.get(accounts.connectionToken(id));
    if (!token || !sameHash(hashToken(token), row.token_hash)) {
      throw fail('not_found', `The token of ${id} is not in the keychain any more; rotate it to issue a new one.`);
    }
    return { token };
  }

  async rotateToken(id: string): Promise<{ token: string }> {
    return this.mutex.run(id, async () => {
      this.row(id);
      await this.deps.vault.ensureAvailable();
      const token = generateToken();
      await this.installToken(id, token);
      return { token };
    });
  }

  /** The connection a token belongs to, or null: checksum first, then a hash lookup, compared in constant time. */
  authenticate(token: string): ConnectionRow | null {
    if (!isWellFormedToken(token)) return null;
    const hash = hashToken(token);
    const row = this.repo.byTokenHash(hash);
    return row && sameHash(hash, row.token_hash) ? row : null;
  }

  async credentials(id: string): Promise<Record<string, string>> {
    const raw = await this.deps.vault.get(accounts.connectionCredentials(id));
    return raw ? (JSON.parse(raw) as Record<string, string>) : {};
  }

  /** A connector for an existing connection, with its credentials from the keychain. */
  async connector(id: string): Promise<Connector> {
    const row = this.row(id);
    const system = findSystem(row.system, this.systems);
    if (!system?.connector) throw fail('not_implemented', `The ${row.system} connector is not available in this version.`);
    return createConnector(system, this.config(row, await this.credentials(id)));
  }

  /** Changes what the admin may change on a connection (parsed at the admin edge). */
  update(id: string, patch: ConnectionPatch): Connection {
    const row = this.row(id);
    const { name, user_metadata, ...optionPatch } = patch;
    const options: StoredOptions = { ...(JSON.parse(row.options) as StoredOptions), ...optionPatch };
    this.deps.db.transaction(() => {
      this.repo.update(id, {
        ...(name !== undefined ? { name } : {}),
        ...(user_metadata !== undefined ? { user_metadata: JSON.stringify(user_metadata) } : {}),
        options: JSON.stringify(options),
      });
      this.deps.bus.emit('connection.updated', { connection_id: id, fields: Object.keys(patch) });
    })();
    return this.get(id);
  }

  /** Pauses or resumes the connection's scheduled syncs; reads and manual syncs are not affected. */
  setPaused(id: string, paused: boolean): Connection {
    const row = this.row(id);
    if ((row.paused === 1) !== paused) {
      this.deps.db.transaction(() => {
        this.repo.update(id, { paused: paused ? 1 : 0 });
        this.deps.bus.emit('connection.updated', { connection_id: id, fields: ['paused'] });
      })();
    }
    return this.get(id);
  }

  /**
   * Start-up repair after a crash, from the vault journal: delete the secrets of
   * connections that never came to exist (or were deleted), and finish or undo
   * an interrupted token swap.
   */
  async reconcile(): Promise<{ removed: number; promoted: number }> {
    let removed = 0;
    let promoted = 0;
    const pending = this.journal.pending().filter((p) => accounts.owner(p.account)?.kind === 'connection');
    if (pending.length === 0) return { removed, promoted };
    await this.deps.vault.ensureAvailable();
    for (const { account, owner_id: id } of pending) {
      const row = this.repo.get(id);
      if (!row) {
        await this.deps.vault.delete(account);
        removed++;
      } else if (account === nextTokenAccount(id)) {
        const next = await this.deps.vault.get(account);
        if (next && sameHash(hashToken(next), row.token_hash)) {
          await this.deps.vault.set(accounts.connectionToken(id), next);
          promoted++;
        }
        await this.deps.vault.delete(account);
      }
      this.journal.settle([account]);
    }
    return { removed, promoted };
  }

  // ---- internals

  /**
   * Swap the token: the new one is parked in the keychain, the hash switches in
   * SQLite (with `inTx`), then the new token replaces the old in the keychain.
   */
  private async installToken(id: string, token: string, inTx?: () => void): Promise<void> {
    this.journal.open(id, [nextTokenAccount(id)]);
    await this.deps.vault.set(nextTokenAccount(id), token);
    this.deps.db.transaction(() => {
      this.repo.setTokenHash(id, hashToken(token));
      inTx?.();
    })();
    await this.deps.vault.set(accounts.connectionToken(id), token);
    await this.deps.vault.delete(nextTokenAccount(id));
    this.journal.settle([nextTokenAccount(id)]);
  }

  private transition(row: ConnectionRow, status: ConnectionStatus, reason: string | null, at = nowIso()) {
    this.repo.setStatus(row.id, status, reason, at);
    this.deps.bus.emit('connection.status_changed', {
      connection_id: row.id, from: { status: row.status, health: row.health }, to: { status, health: row.health }, reason,
    });
  }

  private creditsChanged() {
    const used = this.deps.ledger.used();
    const available = this.deps.ledger.available();
    this.deps.bus.emit('credits.changed', { used, available, pool: used + available });
  }

  /** Deletes the secrets and settles their journal rows; what fails stays journalled for the next start. */
  private async forgetSecrets(id: string) {
    for (const account of secretAccounts(id)) {
      try { await this.deps.vault.delete(account); this.journal.settle([account]); } catch { /* reconcile() retries at the next start */ }
    }
  }

  private system(id: string): SystemDefinition {
    const system = findSystem(id, this.systems);
    if (!system) throw fail('invalid_request', `Unknown system "${id}". See \`millwright systems\`.`, { field: 'system' });
    return system;
  }

  /** `parsed` was parsed with ConnectInput at the admin edge (admin/operations.ts). */
  private plan(parsed: ConnectInput) {
    const system = this.system(parsed.system);
    if (!this.isImplemented(system.id)) {
      throw fail('not_implemented', `Connecting ${system.name} is not available in this version of Millwright yet.`);
    }
    const deployment: Deployment = parsed.deployment ?? system.deployments[0];
    if (!system.deployments.includes(deployment)) {
      throw fail('invalid_request', `${system.name} runs ${system.deployments.map((d) => (d === 'on_prem' ? 'on-prem' : d)).join(' or ')} only.`, { field: 'deployment' });
    }
    const { ca_cert, proxy_url, sync_interval_minutes, history_days, allow_insecure, passthrough, max_concurrent_requests, sync_blackouts, ...own } = parsed.options ?? {};
    const baseUrl = normaliseBaseUrl(parsed.base_url ?? system.url.default, system, allow_insecure ?? false);
    const credentials = parsed.credentials ?? {};
    this.checkCredentials(system, credentials);
    const systemOptions = systemOptionValues(system, own);
    const options: StoredOptions = {
      sync_interval_minutes: sync_interval_minutes ?? DEFAULT_SYNC_INTERVAL,
      history_days: history_days ?? DEFAULT_HISTORY_DAYS,
      ...(passthrough ? { passthrough } : {}),
      ...(max_concurrent_requests ? { max_concurrent_requests } : {}),
      ...(sync_blackouts?.length ? { sync_blackouts } : {}),
      ...systemOptions,
      ...(allow_insecure ? { allow_insecure: true } : {}),
      ...(proxy_url ? { proxy_url } : {}),
      ...(ca_cert ? { ca_cert } : {}),
    };
    const config: ConnectorConfig = {
      connectionId: 'con_pending', deployment, baseUrl, credentials, options: { ca_cert, proxy_url, allow_insecure }, system: systemOptions,
    };
    return { system, deployment, name: parsed.name, options, config, userMetadata: parsed.user_metadata ?? {} };
  }

  private config(row: ConnectionRow, credentials: Record<string, string>): ConnectorConfig {
    const o = JSON.parse(row.options) as StoredOptions;
    const system = findSystem(row.system, this.systems);
    return {
      connectionId: row.id, deployment: row.deployment, baseUrl: row.base_url, credentials,
      options: { ca_cert: o.ca_cert, proxy_url: o.proxy_url, allow_insecure: o.allow_insecure },
      system: Object.fromEntries((system?.options ?? []).flatMap((d) => { const v = o[d.key]; return typeof v === 'string' ? [[d.key, v]] : []; })),
      gate: this.governor.gate(row.id),
    };
  }

  private fitsCredentials(system: SystemDefinition, credentials: Record<string, string>): boolean {
    const given = Object.keys(credentials).filter((k) => credentials[k] !== '');
    return system.credentialSets.some((set) =>
      set.filter((f) => !f.optional).every((f) => given.includes(f.key)) && given.every((k) => set.some((f) => f.key === k)));
  }

  /** The credentials must be exactly one of the system's credential sets. */
  private checkCredentials(system: SystemDefinition, credentials: Record<string, string>) {
    if (!this.fitsCredentials(system, credentials)) {
      const wanted = system.credentialSets.map((set) => (set.length ? set.map((f) => f.key).join(' + ') : 'no credentials')).join(', or ');
      throw fail('invalid_request', `${system.name} needs ${wanted}.`, { field: 'credentials' });
    }
  }

  /**
   * The credentials against the system (its authentication probe), then every
   * entity: which ones this user may read. A failure of the whole connection
   * (bad credentials, unreachable, TLS) refuses; an entity that is not offered is
   * only reported.
   */
  private async verify(system: SystemDefinition, config: ConnectorConfig): Promise<Record<string, EntityAvailability>> {
    let connector: Connector;
    try {
      connector = createConnector(system, config);
    } catch (err) {
      throw verificationError(system, err as ConnectorError);
    }
    try {
      await connector.auth();
      const out: Record<string, EntityAvailability> = {};
      // every entity, the ones the system has none of included (with the system's reason)
      for (const entity of entityNames) out[entity] = await connector.checkEntity(entity);
      return out;
    } catch (err) {
      throw verificationError(system, err as ConnectorError);
    } finally {
      connector.close();
    }
  }
}

/** The system's own options from a connect input: each declared one checked by its schema; an undeclared one refused. */
function systemOptionValues(system: SystemDefinition, given: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    const decl = system.options.find((o) => o.key === key);
    if (!decl) throw fail('invalid_request', `"options.${key}" is not an option of ${system.name}.`, { field: `options.${key}` });
    const r = decl.schema.safeParse(value);
    if (!r.success) throw fail('invalid_request', `options.${key}: ${r.error.issues[0]?.message ?? 'not valid'}`, { field: `options.${key}` });
    out[key] = r.data;
  }
  return out;
}

const nextTokenAccount = (id: string) => `${accounts.connectionToken(id)}-next`;
/** The stored credential fields that are not secret (user, e-mail). */
function nonSecretFields(system: SystemDefinition, stored: Record<string, string>): Record<string, string> {
  const plain = new Set(system.credentialSets.flat().filter((f) => !f.secret).map((f) => f.key));
  return Object.fromEntries(Object.entries(stored).filter(([k]) => plain.has(k)));
}

const secretAccounts = (id: string) => [accounts.connectionCredentials(id), accounts.connectionToken(id), nextTokenAccount(id)];
/** Every keychain account a connection may hold (restore replaces them). */
export const connectionSecretAccounts = secretAccounts;

function normaliseBaseUrl(raw: string | null | undefined, system: SystemDefinition, allowInsecure: boolean): string | null {
  if (!raw) {
    if (system.url.needed) throw fail('invalid_request', `${system.name} needs the system's URL (base_url), e.g. https://host:port.`, { field: 'base_url' });
    return null;
  }
  let url: URL;
  try { url = new URL(raw); } catch { throw fail('invalid_request', `base_url "${raw.slice(0, 100)}" is not a URL; give scheme, host and port, e.g. https://s4.plant.local:44300.`, { field: 'base_url' }); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('invalid_request', 'base_url must start with https://.', { field: 'base_url' });
  if (url.protocol === 'http:' && !allowInsecure) {
    throw fail('invalid_request', 'base_url uses http://; use https://, or set the option allow_insecure for this connection if the system offers nothing else.', { field: 'base_url' });
  }
  if (url.username || url.password) throw fail('invalid_request', 'base_url must not contain credentials; pass them as credentials.', { field: 'base_url' });
  return url.origin;
}

/** Turns a connector failure at connect/reconnect time into plain words. */
export function verificationError(system: SystemDefinition, err: ConnectorError): MillwrightError {
  switch (err.kind) {
    case 'auth': return fail('invalid_credentials', `${system.name} rejected the credentials: ${err.message}`);
    case 'unreachable': return fail('unreachable', `Cannot reach ${system.name}: ${err.message}`);
    case 'tls': return fail('tls_error', `The certificate of ${system.name} is not trusted: ${err.message}`);
    case 'rate_limited': return fail('rate_limited', `${system.name} is rate limiting; try again later.`);
    case 'unavailable': return fail('system_unavailable', `${system.name} is unavailable: ${err.message}`);
    case 'not_found': return fail('invalid_url', `${system.name} did not answer at that URL (${err.message}); check base_url.`);
    default: return fail('system_error', `${system.name} failed: ${err.message}`);
  }
}
