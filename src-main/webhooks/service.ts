// webhooks/ owns webhook endpoints, their signing secrets (in the keychain, via
// the vault journal), the durable outbox, delivery history and flows. This
// service is what the admin operations call; the dispatcher (dispatcher.ts)
// delivers what `enqueue` writes. `enqueue` is synchronous and uses the same
// SQLite connection, so producers call it inside the transaction of the change
// it reports: the event is queued if and only if the change committed. Every
// event of a connection also goes into its events feed (feed.ts), with the same
// id and body, in that same transaction.
import type { Db } from '../store/db.js';
import { fail, parseOrFail } from '../contract/errors.js';
import type { EntityName } from '../contract/unified.js';
import type { AgentEvent, EventBus } from '../events/bus.js';
import { accounts, type Vault } from '../vault/vault.js';
import { VaultJournal } from '../vault/journal.js';
import { newId } from '../ids.js';
import {
  DEFAULT_DELIVERIES_LIMIT, WEBHOOK_EVENT_TYPES, WebhookEventType,
  type CreateFlow, type CreateWebhookInput, type ListDeliveriesQuery, type UpdateWebhookInput, type Delivery, type DeliveryAttempt, type Flow, type FlowCondition, type WebhookEndpoint, type WebhookEventInput, type WebhookWithSecret,
} from '../contract/webhooks.js';
import { generateSecret, secretHash } from './signer.js';
import { assertWebhookUrl, type Resolver, type TargetPolicy } from './url-safety.js';
import { GIVE_UP_AFTER_MS, type DeliveryPolicy } from './dispatcher.js';
import { entityFields, matchConditions, triggerMatches, validateConditions, type FieldInfo } from './flows.js';
import { sampleEventData, SAMPLE_CONNECTION_ID } from './samples.js';
import { isRecordEventType } from '../contract/webhook-events.js';
import { EventFeed } from './feed.js';
import { recordEventData, type RecordChange } from './record-events.js';

/** How long the previous secret keeps signing beside the new one after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

export const secretAccounts = {
  current: (id: string) => accounts.webhookSecret(id),
  previous: (id: string) => `webhook/${id}/secret-previous`,
  /** A new secret parked during rotation, until SQLite has switched to its hash. */
  next: (id: string) => `webhook/${id}/secret-next`,
};
const allSecretAccounts = (id: string) => [secretAccounts.current(id), secretAccounts.previous(id), secretAccounts.next(id)];

export interface WebhookServiceDeps {
  db: Db;
  vault: Vault;
  /** The admin's settings `webhooks.allow_insecure_urls` and `webhooks.allowed_cidrs`. */
  policy: () => DeliveryPolicy;
  /** The agent's own listening ports, refused as targets on this host. */
  ownPorts?: () => readonly number[];
  resolve?: Resolver;
  now?: () => number;
  /** When given, endpoints and flows naming an unknown connection are refused. */
  connectionExists?: (id: string) => boolean;
  /** Called after rows were queued (wire to dispatcher.wake()). */
  onEnqueued?: () => void;
}

interface EndpointRow {
  id: string; url: string; event_types: string; connection_ids: string; entities: string; enabled: number; description: string | null; created_at: string;
  secret_hash: string; previous_secret_until: number | null; failure_streak_since: number | null; failing_since: string | null; disabled_reason: string | null;
}
interface OutboxRow {
  seq: number; id: string; event_id: string; endpoint_id: string; type: string; connection_id: string | null; payload: string;
  status: 'pending' | 'delivered' | 'failed'; attempts: number; next_attempt_at: number | null; expires_at: number; created_at: number;
}
interface FlowRow {
  id: string; connection_id: string; entity: EntityName; trigger: Flow['trigger']; conditions: string; webhook_id: string;
  enabled: number; description: string | null; created_at: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An endpoint row as a backup keeps it (no secret, no failure bookkeeping). */
export interface BackupEndpoint {
  id: string; url: string; event_types: unknown; connection_ids: unknown; entities?: unknown; enabled: boolean; description: string | null; created_at: string;
  previous_secret_until: number | null; disabled_reason: string | null;
}
export type BackupFlow = Omit<FlowRow, 'conditions' | 'enabled'> & { conditions: unknown; enabled: boolean };
/** Flow and record events are published by the service itself (evaluateFlows, publishRecordEvent), not taken from the bus. */
const BUS_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES.filter((t) => t !== 'flow.triggered' && !isRecordEventType(t)));

function toEndpoint(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id, url: r.url, event_types: JSON.parse(r.event_types), connection_ids: JSON.parse(r.connection_ids), entities: JSON.parse(r.entities), enabled: r.enabled === 1,
    created_at: r.created_at, failing_since: r.failing_since, disabled_reason: r.disabled_reason,
    ...(r.description !== null ? { description: r.description } : {}),
  };
}

function toFlow(r: FlowRow): Flow {
  return {
    id: r.id, connection_id: r.connection_id, entity: r.entity, trigger: r.trigger, conditions: JSON.parse(r.conditions) as FlowCondition[],
    webhook_id: r.webhook_id, enabled: r.enabled === 1, created_at: r.created_at, ...(r.description !== null ? { description: r.description } : {}),
  };
}

/** A bus event as a webhook event, or null for types webhooks do not carry. */
export function webhookEventFromAgentEvent(e: AgentEvent): WebhookEventInput | null {
  if (!BUS_TYPES.has(e.type)) return null;
  const { connection_id, ...data } = e.data as { connection_id?: string } & Record<string, unknown>;
  return { id: e.id, type: e.type as WebhookEventType, timestamp: e.at, connection_id: connection_id || null, data };
}

export class WebhookService {
  onEnqueued?: () => void;
  readonly feed: EventFeed;
  private readonly journal: VaultJournal;
  private readonly now: () => number;
  private readonly secretCache = new Map<string, { hash: string; current: string; previousUntil: number | null; previous: string | null }>();
  private readonly fieldKinds = new Map<EntityName, Record<string, FieldInfo>>();
  private readonly q;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.journal = new VaultJournal(deps.db);
    this.now = deps.now ?? Date.now;
    this.onEnqueued = deps.onEnqueued;
    this.feed = new EventFeed(deps.db);
    const db = deps.db;
    this.q = {
      endpoint: db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?'),
      endpoints: db.prepare('SELECT * FROM webhook_endpoints ORDER BY created_at, id'),
      enabledEndpoints: db.prepare('SELECT id, event_types, connection_ids, entities FROM webhook_endpoints WHERE enabled = 1'),
      insertOutbox: db.prepare(`INSERT INTO webhook_outbox (id, event_id, endpoint_id, type, connection_id, payload, status, attempts, next_attempt_at, expires_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`),
      delivery: db.prepare('SELECT * FROM webhook_outbox WHERE id = ?'),
      flowsFor: db.prepare(`SELECT f.* FROM webhook_flows f JOIN webhook_endpoints e ON e.id = f.webhook_id
        WHERE f.connection_id = ? AND f.entity = ? AND f.enabled = 1 AND e.enabled = 1 ORDER BY f.created_at, f.id`),
    };
  }

  // ---- endpoints

  // Inputs are parsed with their contract schemas at the admin edge (admin/operations.ts), once.

  async createEndpoint(parsed: CreateWebhookInput): Promise<WebhookWithSecret> {
    const url = await assertWebhookUrl(parsed.url, this.targetPolicy());
    this.checkConnections(parsed.connection_ids);
    await this.deps.vault.ensureAvailable();
    const id = newId('whk');
    const secret = generateSecret();
    const account = secretAccounts.current(id);
    // Journal, then the secret, then the row (which settles the journal): a crash in
    // between leaves a journal row without an endpoint, and reconcile() deletes the secret.
    this.journal.open(id, [account]);
    try {
      await this.deps.vault.set(account, secret);
      this.deps.db.transaction(() => {
        this.deps.db.prepare(`INSERT INTO webhook_endpoints (id, url, event_types, connection_ids, entities, enabled, description, created_at, secret_hash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
          id, url.toString(), JSON.stringify(parsed.event_types ?? 'all'), JSON.stringify(parsed.connection_ids ?? 'all'), JSON.stringify(parsed.entities ?? 'all'),
          parsed.enabled === false ? 0 : 1, parsed.description ?? null, iso(this.now()), secretHash(secret));
        this.journal.settle([account]);
      })();
    } catch (err) {
      await this.forgetSecrets(id);
      throw err;
    }
    return { endpoint: this.getEndpoint(id), secret };
  }

  listEndpoints(): WebhookEndpoint[] {
    return (this.q.endpoints.all() as EndpointRow[]).map(toEndpoint);
  }

  getEndpoint(id: string): WebhookEndpoint {
    return toEndpoint(this.endpointRow(id));
  }

  /**
   * Changes an endpoint. Disabling fails its pending deliveries (a disabled
   * endpoint receives nothing; the admin can redeliver later). Enabling clears
   * the failure flags. `rotate_secret` returns the new secret (shown once).
   */
  async updateEndpoint(id: string, p: UpdateWebhookInput): Promise<{ endpoint: WebhookEndpoint; secret?: string }> {
    const row = this.endpointRow(id);
    const url = p.url !== undefined ? (await assertWebhookUrl(p.url, this.targetPolicy())).toString() : row.url;
    this.checkConnections(p.connection_ids);
    if (p.rotate_secret) await this.deps.vault.ensureAvailable();
    this.deps.db.transaction(() => {
      const enabled = p.enabled ?? row.enabled === 1;
      this.deps.db.prepare(`UPDATE webhook_endpoints SET url = ?, event_types = ?, connection_ids = ?, entities = ?, enabled = ?, description = ? WHERE id = ?`).run(
        url, p.event_types !== undefined ? JSON.stringify(p.event_types) : row.event_types,
        p.connection_ids !== undefined ? JSON.stringify(p.connection_ids) : row.connection_ids,
        p.entities !== undefined ? JSON.stringify(p.entities) : row.entities,
        enabled ? 1 : 0, p.description !== undefined ? p.description : row.description, id);
      if (!enabled && row.enabled === 1) {
        this.deps.db.prepare("UPDATE webhook_outbox SET status = 'failed', next_attempt_at = NULL WHERE endpoint_id = ? AND status = 'pending'").run(id);
      }
      if (enabled && row.enabled === 0) {
        this.deps.db.prepare('UPDATE webhook_endpoints SET disabled_reason = NULL, failing_since = NULL, failure_streak_since = NULL WHERE id = ?').run(id);
      }
    })();
    const secret = p.rotate_secret ? await this.rotateSecret(id) : undefined;
    return { endpoint: this.getEndpoint(id), ...(secret ? { secret } : {}) };
  }

  /** Removes the endpoint, its flows, its pending deliveries and its secrets (delivery history stays). */
  async deleteEndpoint(id: string): Promise<{ id: string }> {
    this.endpointRow(id);
    this.deps.db.transaction(() => {
      this.deps.db.prepare("DELETE FROM webhook_outbox WHERE endpoint_id = ? AND status = 'pending'").run(id);
      this.deps.db.prepare('DELETE FROM webhook_flows WHERE webhook_id = ?').run(id);
      this.deps.db.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id);
      this.journal.open(id, allSecretAccounts(id));
    })();
    this.secretCache.delete(id);
    // The endpoint is gone from SQLite; a crash here leaves journal rows that reconcile() finishes.
    await this.forgetSecrets(id);
    return { id };
  }

  /**
   * The secrets that sign an endpoint's deliveries: the current one, then the
   * previous one while its rotation window is open. The dispatcher calls this
   * for every attempt; answers are cached until the row's secret hash changes.
   */
  async signingSecrets(id: string): Promise<string[]> {
    const row = this.endpointRow(id);
    const now = this.now();
    const until = row.previous_secret_until !== null && row.previous_secret_until > now ? row.previous_secret_until : null;
    let c = this.secretCache.get(id);
    if (!c || c.hash !== row.secret_hash || c.previousUntil !== until) {
      const vault = this.deps.vault;
      let current = await vault.get(secretAccounts.current(id));
      if (!current || secretHash(current) !== row.secret_hash) {
        const next = await vault.get(secretAccounts.next(id)); // a rotation between its SQLite switch and the keychain swap
        if (!next || secretHash(next) !== row.secret_hash) {
          throw fail('keychain_unavailable', `The signing secret of webhook ${id} is not in the keychain; rotate the secret to issue a new one.`);
        }
        current = next;
      }
      const previous = until !== null ? await vault.get(secretAccounts.previous(id)) : null;
      c = { hash: row.secret_hash, current, previousUntil: until, previous };
      this.secretCache.set(id, c);
      if (until === null && row.previous_secret_until !== null) void this.dropPreviousSecret(id).catch(() => undefined);
    }
    return c.previous ? [c.current, c.previous] : [c.current];
  }

  /**
   * Start-up repair of webhook secrets from the vault journal (rows whose owner
   * is a `whk_` id): deletes secrets of endpoints that never came to exist or
   * were deleted, and finishes or undoes an interrupted rotation.
   */
  async reconcile(): Promise<{ removed: number; promoted: number }> {
    let removed = 0;
    let promoted = 0;
    const pending = this.journal.pending().filter((p) => p.owner_id.startsWith('whk_'));
    if (pending.length === 0) return { removed, promoted };
    await this.deps.vault.ensureAvailable();
    const vault = this.deps.vault;
    for (const { account, owner_id: id } of pending) {
      const row = this.deps.db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as EndpointRow | undefined;
      if (!row) {
        await vault.delete(account);
        removed++;
      } else if (account === secretAccounts.next(id)) {
        const next = await vault.get(account);
        if (next && secretHash(next) === row.secret_hash) { await vault.set(secretAccounts.current(id), next); promoted++; }
        await vault.delete(account);
      } else if (account === secretAccounts.previous(id)) {
        if (row.previous_secret_until === null || row.previous_secret_until <= this.now()) { await vault.delete(account); removed++; }
      }
      this.journal.settle([account]);
    }
    this.secretCache.clear();
    return { removed, promoted };
  }

  // ---- backup and restore (src-main/backup/): rows only; the caller moves the secrets

  /** Endpoints and flows as stored, for a backup (the secrets are read from the keychain by the caller). */
  backupRows(): { endpoints: BackupEndpoint[]; flows: BackupFlow[] } {
    const endpoints = (this.q.endpoints.all() as EndpointRow[]).map((r) => ({
      id: r.id, url: r.url, event_types: JSON.parse(r.event_types) as unknown, connection_ids: JSON.parse(r.connection_ids) as unknown,
      entities: JSON.parse(r.entities) as unknown, enabled: r.enabled === 1,
      description: r.description, created_at: r.created_at, previous_secret_until: r.previous_secret_until, disabled_reason: r.disabled_reason,
    }));
    const flows = (this.deps.db.prepare('SELECT * FROM webhook_flows ORDER BY created_at, id').all() as FlowRow[]).map((r) => ({
      ...r, conditions: JSON.parse(r.conditions) as unknown, enabled: r.enabled === 1,
    }));
    return { endpoints, flows };
  }

  /**
   * Removes every endpoint, flow and pending delivery (restore with force) and
   * journals their secret accounts; returns those accounts, for the caller to
   * delete from the keychain once the transaction has committed. Inside a transaction.
   */
  removeAllInTx(): string[] {
    const ids = (this.deps.db.prepare('SELECT id FROM webhook_endpoints').pluck().all() as string[]);
    this.deps.db.prepare("DELETE FROM webhook_outbox WHERE status = 'pending'").run();
    this.deps.db.prepare('DELETE FROM webhook_flows').run();
    this.deps.db.prepare('DELETE FROM webhook_endpoints').run();
    for (const id of ids) this.journal.open(id, allSecretAccounts(id));
    this.secretCache.clear();
    return ids.flatMap(allSecretAccounts);
  }

  /** Inserts restored endpoints (with the hash of their restored secret) and flows. Inside a transaction. */
  restoreRowsInTx(endpoints: (BackupEndpoint & { secret_hash: string })[], flows: BackupFlow[]): void {
    const putEndpoint = this.deps.db.prepare(`INSERT INTO webhook_endpoints (id, url, event_types, connection_ids, entities, enabled, description, created_at, secret_hash, previous_secret_until, disabled_reason)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const e of endpoints) {
      putEndpoint.run(e.id, e.url, JSON.stringify(e.event_types), JSON.stringify(e.connection_ids), JSON.stringify(e.entities ?? 'all'), e.enabled ? 1 : 0, e.description, e.created_at, e.secret_hash, e.previous_secret_until, e.disabled_reason);
    }
    const putFlow = this.deps.db.prepare(`INSERT INTO webhook_flows (id, connection_id, entity, trigger, conditions, webhook_id, enabled, description, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const f of flows) putFlow.run(f.id, f.connection_id, f.entity, f.trigger, JSON.stringify(f.conditions), f.webhook_id, f.enabled ? 1 : 0, f.description, f.created_at);
    this.secretCache.clear();
  }

  // ---- the outbox

  /**
   * Queues one delivery per enabled endpoint subscribed to the event's type and
   * connection (and, for record events, entity), and adds the event to its
   * connection's feed. Synchronous, on the shared connection: call it inside the
   * transaction of the change it reports.
   */
  enqueue(event: WebhookEventInput): { event_id: string; deliveries: number } {
    const type = parseOrFail(WebhookEventType, event.type, 'type');
    const entity = isRecordEventType(type) ? (event.data.entity as string) : null;
    const targets = (this.q.enabledEndpoints.all() as Pick<EndpointRow, 'id' | 'event_types' | 'connection_ids' | 'entities'>[])
      .filter((e) => {
        if (type === 'flow.triggered') return false; // flow events go only to their flow's endpoint (evaluateFlows)
        const types = JSON.parse(e.event_types) as string[] | 'all';
        const conns = JSON.parse(e.connection_ids) as string[] | 'all';
        if (entity !== null) {
          const entities = JSON.parse(e.entities) as string[] | 'all';
          if (entities !== 'all' && !entities.includes(entity)) return false;
        }
        return (types === 'all' || types.includes(type)) && (conns === 'all' || (event.connection_id !== null && conns.includes(event.connection_id)));
      })
      .map((e) => e.id);
    return this.publish(targets, { ...event, type });
  }

  /** Removes feed events older than the 30 days the feed keeps (the agent runs it hourly). */
  pruneFeed(): number {
    return this.feed.prune(this.now());
  }

  /** Attaches to the agent's bus: every event of a webhook type is queued as it is emitted (inside the emitter's transaction, if any). */
  attach(bus: EventBus): () => void {
    return bus.subscribe((e) => {
      const ev = webhookEventFromAgentEvent(e);
      if (ev) this.enqueue(ev);
    }, { durable: true }); // the outbox row commits or rolls back with the change it reports
  }

  listDeliveries(q: ListDeliveriesQuery = {}): Delivery[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.webhook_id) { where.push('endpoint_id = ?'); args.push(q.webhook_id); }
    if (q.status) { where.push('status = ?'); args.push(q.status); }
    const rows = this.deps.db.prepare(`SELECT * FROM webhook_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...args, q.limit ?? DEFAULT_DELIVERIES_LIMIT) as OutboxRow[];
    return this.withAttempts(rows);
  }

  getDelivery(id: string): Delivery {
    const row = this.q.delivery.get(id) as OutboxRow | undefined;
    if (!row) throw fail('not_found', `No delivery ${id}.`);
    return this.withAttempts([row])[0];
  }

  /** A new delivery of the same event (same body, same webhook-id) to the same endpoint. */
  redeliver(deliveryId: string): Delivery {
    const row = this.q.delivery.get(deliveryId) as OutboxRow | undefined;
    if (!row) throw fail('not_found', `No delivery ${deliveryId}.`);
    const endpoint = this.deps.db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?').get(row.endpoint_id) as EndpointRow | undefined;
    if (!endpoint) throw fail('not_found', `Webhook ${row.endpoint_id} no longer exists.`);
    if (!endpoint.enabled) throw fail('conflict', `Webhook ${row.endpoint_id} is disabled; enable it first.`);
    const id = this.insertRow(row.endpoint_id, row.event_id, row.type, row.connection_id, row.payload);
    this.onEnqueued?.();
    return this.getDelivery(id);
  }

  /** Queues a sample event of `type` to this endpoint only (realistic data, a fresh event id). */
  sendTest(endpointId: string, t: WebhookEventType): Delivery {
    const endpoint = this.endpointRow(endpointId);
    if (!endpoint.enabled) throw fail('conflict', `Webhook ${endpointId} is disabled; enable it first.`);
    // a test event is no connection's event: it stays out of every feed
    const { deliveries, event_id } = this.publish([endpointId], { type: t, connection_id: SAMPLE_CONNECTION_ID, data: sampleEventData(t, this.now()) }, { feed: false });
    if (deliveries !== 1) throw new Error('test event not queued');
    const row = this.deps.db.prepare('SELECT id FROM webhook_outbox WHERE event_id = ? AND endpoint_id = ?').get(event_id, endpointId) as { id: string };
    return this.getDelivery(row.id);
  }

  // ---- flows

  createFlow(p: CreateFlow): Flow {
    if (this.deps.connectionExists && !this.deps.connectionExists(p.connection_id)) {
      throw fail('invalid_request', `connection_id: no connection ${p.connection_id}.`, { field: 'connection_id' });
    }
    if (!this.q.endpoint.get(p.webhook_id)) throw fail('invalid_request', `webhook_id: no webhook ${p.webhook_id}.`, { field: 'webhook_id' });
    validateConditions(p.entity, p.trigger, p.conditions);
    const id = newId('flw');
    this.deps.db.prepare(`INSERT INTO webhook_flows (id, connection_id, entity, trigger, conditions, webhook_id, enabled, description, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, p.connection_id, p.entity, p.trigger, JSON.stringify(p.conditions), p.webhook_id,
      p.enabled ? 1 : 0, p.description ?? null, iso(this.now()));
    return this.getFlow(id);
  }

  listFlows(): Flow[] {
    return (this.deps.db.prepare('SELECT * FROM webhook_flows ORDER BY created_at, id').all() as FlowRow[]).map(toFlow);
  }

  getFlow(id: string): Flow {
    const row = this.deps.db.prepare('SELECT * FROM webhook_flows WHERE id = ?').get(id) as FlowRow | undefined;
    if (!row) throw fail('not_found', `No flow ${id}.`);
    return toFlow(row);
  }

  deleteFlow(id: string): { id: string } {
    const r = this.deps.db.prepare('DELETE FROM webhook_flows WHERE id = ?').run(id);
    if (r.changes === 0) throw fail('not_found', `No flow ${id}.`);
    return { id };
  }

  /**
   * Checks a synced record against the connection's flows for its entity and
   * queues a `flow.triggered` event to each matching flow's endpoint. Call it
   * inside the sync transaction that stores the record. Returns how many flows matched.
   */
  /** Whether any enabled flow watches this connection's entity (so the sync can skip the work when none does). */
  hasFlows(connectionId: string, entity: EntityName): boolean {
    return Boolean(this.deps.db.prepare('SELECT 1 FROM webhook_flows WHERE connection_id = ? AND entity = ? AND enabled = 1 LIMIT 1').get(connectionId, entity));
  }

  /** Queues record.created / record.updated / record.deleted for a changed record; call inside the transaction that stored the change. */
  publishRecordEvent(connectionId: string, entity: EntityName, change: RecordChange, record: Record<string, unknown>, previous: Record<string, unknown> | null): void {
    this.enqueue({ type: `record.${change}`, connection_id: connectionId, data: recordEventData(entity, record, previous) });
  }

  evaluateFlows(connectionId: string, entity: EntityName, change: 'created' | 'updated', record: Record<string, unknown>, previous: Record<string, unknown> | null): number {
    const flows = this.q.flowsFor.all(connectionId, entity) as FlowRow[];
    if (flows.length === 0) return 0;
    let kinds = this.fieldKinds.get(entity);
    if (!kinds) { kinds = entityFields(entity); this.fieldKinds.set(entity, kinds); }
    let matched = 0;
    for (const f of flows) {
      if (!triggerMatches(f.trigger, change)) continue;
      if (!matchConditions(entity, JSON.parse(f.conditions) as FlowCondition[], record, previous, kinds)) continue;
      const { remote_data: _omit, ...plain } = record;
      this.publish([f.webhook_id], { type: 'flow.triggered', connection_id: connectionId, data: { flow_id: f.id, entity, change, record: plain } });
      matched++;
    }
    return matched;
  }

  // ---- internals

  /** One event: its body once, into the connection's feed and to each endpoint's outbox. */
  private publish(endpointIds: string[], event: WebhookEventInput, opts: { feed?: boolean } = {}): { event_id: string; deliveries: number } {
    const id = event.id ?? newId('evt');
    const toFeed = opts.feed !== false && event.connection_id !== null;
    if (endpointIds.length === 0 && !toFeed) return { event_id: id, deliveries: 0 };
    const now = this.now();
    const body = JSON.stringify({ id, type: event.type, timestamp: event.timestamp ?? iso(now), connection_id: event.connection_id, data: event.data });
    if (toFeed) this.feed.append(id, event.connection_id!, event.type, now, body);
    for (const endpointId of endpointIds) this.insertRow(endpointId, id, event.type, event.connection_id, body);
    if (endpointIds.length) this.onEnqueued?.();
    return { event_id: id, deliveries: endpointIds.length };
  }

  private insertRow(endpointId: string, eventId: string, type: string, connectionId: string | null, body: string): string {
    const id = newId('dlv');
    const now = this.now();
    this.q.insertOutbox.run(id, eventId, endpointId, type, connectionId, body, now, now + GIVE_UP_AFTER_MS, now);
    return id;
  }

  private withAttempts(rows: OutboxRow[]): Delivery[] {
    if (rows.length === 0) return [];
    const attempts = this.deps.db.prepare(`SELECT delivery_id, at, status_code, duration_ms, error, response_snippet FROM webhook_delivery_attempts
      WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(rows.map((r) => r.id))) as (DeliveryAttempt & { delivery_id: string })[];
    const by = new Map<string, DeliveryAttempt[]>();
    for (const { delivery_id, ...a } of attempts) {
      const list = by.get(delivery_id) ?? [];
      list.push(a);
      by.set(delivery_id, list);
    }
    return rows.map((r) => ({
      id: r.id, event_id: r.event_id, webhook_id: r.endpoint_id, type: r.type as Delivery['type'], status: r.status,
      attempts: by.get(r.id) ?? [], next_attempt_at: r.status === 'pending' && r.next_attempt_at !== null ? iso(r.next_attempt_at) : null,
      created_at: iso(r.created_at),
    }));
  }

  /**
   * New secret, mirroring the connections' token swap: park it (journalled), keep
   * the old one as `previous`, switch the hash in SQLite, then install it. A crash
   * at any point is finished or undone by reconcile().
   */
  private async rotateSecret(id: string): Promise<string> {
    const vault = this.deps.vault;
    const secret = generateSecret();
    const old = await vault.get(secretAccounts.current(id));
    this.journal.open(id, [secretAccounts.next(id), secretAccounts.previous(id)]);
    await vault.set(secretAccounts.next(id), secret);
    if (old) await vault.set(secretAccounts.previous(id), old);
    this.deps.db.prepare('UPDATE webhook_endpoints SET secret_hash = ?, previous_secret_until = ? WHERE id = ?')
      .run(secretHash(secret), old ? this.now() + ROTATION_OVERLAP_MS : null, id);
    await vault.set(secretAccounts.current(id), secret);
    await vault.delete(secretAccounts.next(id));
    this.journal.settle([secretAccounts.next(id), secretAccounts.previous(id)]);
    this.secretCache.delete(id);
    return secret;
  }

  private async dropPreviousSecret(id: string): Promise<void> {
    const account = secretAccounts.previous(id);
    this.journal.open(id, [account]);
    const r = this.deps.db.prepare('UPDATE webhook_endpoints SET previous_secret_until = NULL WHERE id = ? AND previous_secret_until <= ?').run(id, this.now());
    if (r.changes === 1) await this.deps.vault.delete(account); // not if a new rotation started meanwhile
    this.journal.settle([account]);
  }

  private async forgetSecrets(id: string): Promise<void> {
    for (const account of allSecretAccounts(id)) {
      try { await this.deps.vault.delete(account); this.journal.settle([account]); } catch { /* reconcile() retries at the next start */ }
    }
  }

  private endpointRow(id: string): EndpointRow {
    const row = this.q.endpoint.get(id) as EndpointRow | undefined;
    if (!row) throw fail('not_found', `No webhook ${id}.`);
    return row;
  }

  private targetPolicy(): TargetPolicy {
    const p = this.deps.policy();
    return { allowInsecure: p.allowInsecure, allowedCidrs: p.allowedCidrs, ownPorts: this.deps.ownPorts?.() ?? [], resolve: this.deps.resolve };
  }

  private checkConnections(ids: string[] | 'all' | undefined): void {
    if (!ids || ids === 'all' || !this.deps.connectionExists) return;
    ids.forEach((c, i) => {
      if (!this.deps.connectionExists!(c)) throw fail('invalid_request', `connection_ids.${i}: no connection ${c}.`, { field: `connection_ids.${i}` });
    });
  }
}
