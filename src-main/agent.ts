// The Agent: plain Node, never imports electron. It owns the store, the vault,
// the event bus, credits and connections; hosts (headless, desktop) wire its
// admin operations to HTTP or IPC.
import type { Db } from './store/db.js';
import { openStore } from './store/db.js';
import { secureDataDir } from './store/data-dir.js';
import { createKeychainVault, type Vault } from './vault/vault.js';
import { EventBus } from './events/bus.js';
import { SettingsStore } from './store/settings.js';
import { CreditLedger } from './credits/ledger.js';
import { ConnectionLifecycle } from './connections/lifecycle.js';
import type { SystemDefinition } from './systems/kit/definition.js';
import { newId } from './ids.js';
import { createLog, type Log } from './log.js';
import { RecordRepository } from './records/repository.js';
import { SyncEngine } from './sync/engine.js';
import { EventLog } from './events/log.js';
import { HealthMonitor } from './connections/health.js';
import { WebhookService } from './webhooks/service.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { Diagnostics, type DiagnosticsDeps } from './diagnose/diagnostics.js';
import { AuditLog } from './audit/log.js';
import type { EntityName } from './contract/unified.js';
import type { RecordChangeListener } from './records/repository.js';

export interface AgentOptions {
  dataDir: string;
  vault?: Vault;
  log?: Log;
  /** The systems this agent knows (default: the registry; tests add their own). */
  systems?: readonly SystemDefinition[];
  /** The keychain service name (tests use their own; the product uses `millwright`). */
  keychainService?: string;
  sync?: { pageSize?: number; sleep?: (ms: number) => Promise<void>; maxRetries?: number; intervalMs?: number; now?: () => Date };
  /** Tests: a resolver for webhook host names (instead of DNS). */
  webhooks?: { resolve?: (host: string) => Promise<string[]> };
  /** Tests: a resolver for the diagnosis's DNS check (never real DNS), shorter timeouts. */
  diagnose?: Pick<DiagnosticsDeps, 'resolve' | 'timeoutMs' | 'now'>;
}

/** A random id per data dir, created once: the keychain namespace of this installation. */
function installationId(db: Db): string {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'installation.id'").get() as { value: string } | undefined;
  if (row) return JSON.parse(row.value) as string;
  const id = newId('mwi');
  db.prepare("INSERT INTO settings (key, value) VALUES ('installation.id', ?)").run(JSON.stringify(id));
  return id;
}

export class Agent {
  readonly bus: EventBus;
  readonly health: HealthMonitor;
  readonly webhooks: WebhookService;
  readonly dispatcher: WebhookDispatcher;
  /** The ports this agent listens on: never a webhook target. Set by the host. */
  ownPorts: number[] = [];
  /** Where the unified API and the admin API listen, once the host has started them. */
  apiUrl: string | null = null;
  adminUrl: string | null = null;
  readonly settings: SettingsStore;
  readonly ledger: CreditLedger;
  readonly connections: ConnectionLifecycle;
  readonly records: RecordRepository;
  readonly sync: SyncEngine;
  readonly events: EventLog;
  readonly diagnostics: Diagnostics;
  readonly audit: AuditLog;
  private feedPruner: NodeJS.Timeout | null = null;

  private constructor(
    readonly dataDir: string,
    readonly db: Db,
    readonly vault: Vault,
    readonly log: Log,
    opts: AgentOptions,
  ) {
    this.bus = new EventBus((err) => log.error({ err }, 'an event listener failed'));
    this.settings = new SettingsStore(db);
    this.ledger = new CreditLedger(db, () => this.settings.get('credits.pool'));
    this.connections = new ConnectionLifecycle({
      db, vault, bus: this.bus, ledger: this.ledger, systems: opts.systems,
    });
    this.records = new RecordRepository(db);
    const policy = () => ({ allowInsecure: this.settings.get('webhooks.allow_insecure_urls'), allowedCidrs: this.settings.get('webhooks.allowed_cidrs') });
    this.webhooks = new WebhookService({
      db, vault, policy, ownPorts: () => this.ownPorts, connectionExists: (id) => Boolean(this.connections.repo.get(id)), ...opts.webhooks,
    });
    this.dispatcher = new WebhookDispatcher({
      db, policy, ownPorts: () => this.ownPorts, log, ...opts.webhooks,
      secrets: (id) => this.webhooks.signingSecrets(id),
      onSystemError: (e) => this.bus.emit('system.error', e),
      onDelivery: (r) => this.bus.emit('delivery.attempted', r),
    });
    this.webhooks.onEnqueued = () => this.dispatcher.wake();
    this.sync = new SyncEngine({
      db, records: this.records, lifecycle: this.connections, bus: this.bus, log, ...opts.sync,
      recordChangeListener: (connectionId, entity, o) => this.recordChangeListener(connectionId, entity, o.recordEvents),
    });
    this.connections.hooks = {
      onActive: (id) => { try { this.sync.start(id); } catch (err) { log.warn({ connection_id: id, err: (err as Error).message }, 'sync not started'); } },
      onStopped: (id) => this.sync.stop(id),
      onDeletedInTx: (id) => { this.sync.deleteConnectionInTx(id); this.webhooks.feed.deleteConnection(id); },
    };
    this.audit = new AuditLog(db);
    this.events = new EventLog(db);
    this.health = new HealthMonitor(this.connections, log);
    this.diagnostics = new Diagnostics({ lifecycle: this.connections, bus: this.bus, events: this.events, ...opts.diagnose });
    this.connections.hooks.diagnoseOffline = (id) => this.diagnostics.run(id, 'offline');
  }

  static async open(opts: AgentOptions): Promise<Agent> {
    secureDataDir(opts.dataDir);
    const db = openStore(opts.dataDir);
    const log = opts.log ?? createLog(opts.dataDir);
    const agent = new Agent(opts.dataDir, db, opts.vault ?? createKeychainVault(installationId(db), opts.keychainService), log, opts);
    try {
      const repaired = await agent.connections.reconcile();
      if (repaired.removed || repaired.promoted) log.info(repaired, 'repaired keychain entries left by an interrupted operation');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'keychain repair postponed: the keychain is not reachable');
    }
    agent.events.attach(agent.bus);
    agent.webhooks.attach(agent.bus);
    try {
      await agent.webhooks.reconcile();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'webhook secret repair postponed: the keychain is not reachable');
    }
    agent.bus.subscribe((e) => { if (e.type !== 'sync.progress') log.info({ event: e.type, connection_id: (e.data as { connection_id?: string }).connection_id }, 'event'); });
    return agent;
  }

  /**
   * What hears the records of one entity that changed, inside the transaction
   * that stores them: flows (created/updated), and record events once the
   * entity's initial load is done (`recordEvents`). Undefined when nothing does.
   */
  recordChangeListener(connectionId: string, entity: EntityName, recordEvents: boolean): RecordChangeListener | undefined {
    const flows = this.webhooks.hasFlows(connectionId, entity);
    if (!flows && !recordEvents) return undefined;
    return (change, record, previous) => {
      if (flows && change !== 'deleted') this.webhooks.evaluateFlows(connectionId, entity, change, record, previous);
      if (recordEvents) this.webhooks.publishRecordEvent(connectionId, entity, change, record, previous);
    };
  }

  /** Background work: scheduled syncs (and resuming syncs a crash interrupted), health checks, deliveries, feed pruning. */
  startBackground(): void {
    this.sync.startScheduler();
    this.health.start();
    this.dispatcher.start();
    const prune = () => {
      try { this.webhooks.pruneFeed(); } catch (err) { this.log.warn({ err: (err as Error).message }, 'pruning the events feed failed'); }
    };
    prune();
    this.feedPruner = setInterval(prune, 3600_000);
    this.feedPruner.unref();
  }

  async close(): Promise<void> {
    if (this.feedPruner) clearInterval(this.feedPruner);
    this.health.stop();
    await this.dispatcher.stop();
    await this.sync.stopAll();
    this.db.close();
  }
}
