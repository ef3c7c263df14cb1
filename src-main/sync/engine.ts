// sync/ owns the sync engine: initial, incremental and full runs per connection,
// one at a time, on a schedule and on demand. Each page of records is written in
// one transaction together with the checkpoint that follows it, so a sync killed
// half-way resumes at that page, with no gap and no duplicate. Every entity is
// checked on every sync: one the system does not offer to this user is skipped
// (the run completes, with a warning); one that comes back is listed from
// scratch; one that fails does not stop the others (the run then fails).
// Scheduled syncs skip paused connections and their blackout windows; manual
// ones do not.
import type { Db } from '../store/db.js';
import { nowIso } from '../store/db.js';
import { entityNames, type EntityName } from '../contract/unified.js';
import type { EntityCounts, SyncRun } from '../contract/sync.js';
import { fail } from '../contract/errors.js';
import type { EventBus } from '../events/bus.js';
import type { ConnectionLifecycle } from '../connections/lifecycle.js';
import { effectiveOptions, type StoredOptions } from '../connections/repository.js';
import { blackoutAt, describeBlackout, outsideBlackouts } from './blackouts.js';
import type { ChangePage, Connector } from '../systems/kit/connector.js';
import { ConnectorError } from '../systems/kit/errors.js';
import { failureEffect } from '../systems/kit/policy.js';
import { newId } from '../ids.js';
import type { RecordChangeListener, RecordRepository } from '../records/repository.js';
import { SyncRepository } from './repository.js';
import type { Log } from '../log.js';

/** Reference data first, so documents find what they point at. */
/** Referenced entities first, so a page's references mostly point at records already stored. */
export const SYNC_ORDER: EntityName[] = [
  'locations', 'vendors', 'assets', 'inventory-items', 'purchase-orders', 'work-orders',
  'meters', 'meter-readings', 'service-requests', 'maintenance-plans', 'purchase-requisitions',
];

export interface SyncEngineDeps {
  db: Db;
  records: RecordRepository;
  lifecycle: ConnectionLifecycle;
  bus: EventBus;
  log: Log;
  pageSize?: number;
  /** How long to wait before a retry (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  /** Test-only: every connection's sync interval in ms instead of its sync_interval_minutes. */
  intervalMs?: number;
  /**
   * A listener for the records of one entity that changed, called inside the
   * page's transaction (flows, record events), or none. `recordEvents` is false
   * while the entity's first listing (its initial load) is under way.
   */
  recordChangeListener?: (connectionId: string, entity: EntityName, opts: { recordEvents: boolean }) => RecordChangeListener | undefined;
  /** The clock of the scheduler (pause, intervals, blackouts); tests inject one. */
  now?: () => Date;
}

/** Who asked for a run: the scheduler's runs honour pause and blackouts, the admin's and an integrator's do not. */
export type SyncTrigger = 'scheduled' | 'manual';
interface RunningSync { run: SyncRun; stop: boolean; stopReason?: { code: string; message: string }; trigger: SyncTrigger; done: Promise<SyncRun>; queuedFull?: SyncRun }

const emptyCounts = (): EntityCounts => ({ created: 0, updated: 0, deleted: 0, failed: 0 });
const SCHEDULER_TICK_MS = 15_000;
const FULL_LISTING_EVERY_MS = 24 * 3600_000;

export class SyncEngine {
  readonly repo: SyncRepository;
  private readonly running = new Map<string, RunningSync>();
  private timer: NodeJS.Timeout | null = null;
  private readonly pageSize: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(private readonly deps: SyncEngineDeps) {
    this.repo = new SyncRepository(deps.db);
    this.pageSize = deps.pageSize ?? 500;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Starts a sync unless one runs for this connection; returns the run either way.
   * A full sync asked for while another (not full) one runs is queued, once, and
   * starts right after it: the queued run is returned, `status: "queued"`.
   */
  start(connectionId: string, opts: { full?: boolean; trigger?: SyncTrigger } = {}): SyncRun {
    const current = this.running.get(connectionId);
    if (current) {
      if (opts.full && current.run.mode !== 'full') current.queuedFull ??= { ...this.newRun(connectionId, 'full'), status: 'queued' };
      return current.queuedFull ?? current.run;
    }
    this.assertCanSync(connectionId);
    return this.begin(this.newRun(connectionId, opts.full ? 'full' : this.repo.hasAnyState(connectionId) ? 'incremental' : 'initial'), opts.trigger ?? 'manual');
  }

  private assertCanSync(connectionId: string): void {
    const conn = this.deps.lifecycle.get(connectionId);
    if (conn.status === 'auth_required') throw fail('connection_auth_required', `${conn.name} needs new credentials before it can sync; reconnect it.`);
    if (conn.status === 'inactive') throw fail('connection_inactive', `${conn.name} is inactive; activate it to sync.`);
  }

  private newRun(connectionId: string, mode: SyncRun['mode']): SyncRun {
    return {
      id: newId('syn'), connection_id: connectionId, mode, status: 'in_progress', started_at: nowIso(), finished_at: null,
      counts: {}, progress: { entity: null, records: 0 }, error: null, warnings: [],
    };
  }

  private begin(run: SyncRun, trigger: SyncTrigger): SyncRun {
    const connectionId = run.connection_id;
    Object.assign(run, { status: 'in_progress', started_at: nowIso() });
    this.repo.insertRun(run);
    const entry: RunningSync = { run, stop: false, trigger, done: Promise.resolve(run) };
    this.running.set(connectionId, entry);
    entry.done = this.execute(entry)
      .finally(() => this.running.delete(connectionId))
      .then((finished) => (entry.queuedFull && !entry.stop ? this.beginQueued(entry.queuedFull, finished) : finished));
    return run;
  }

  /** The queued full run, once the one before it ended; `whenDone` of the first run waits for it too. */
  private beginQueued(queued: SyncRun, before: SyncRun): Promise<SyncRun> {
    if (!this.deps.lifecycle.repo.get(queued.connection_id)) return Promise.resolve(before); // disconnected meanwhile
    try {
      this.assertCanSync(queued.connection_id);
    } catch (err) {
      // recorded, so whoever waits for this run id learns why it did not run
      Object.assign(queued, { status: 'failed', started_at: nowIso(), finished_at: nowIso(), error: { code: 'not_started', message: (err as Error).message } });
      this.repo.insertRun(queued);
      return Promise.resolve(queued);
    }
    this.begin(queued, 'manual');
    return this.running.get(queued.connection_id)!.done;
  }

  /** The promise of the running sync, if any (tests and `--wait`). */
  whenDone(connectionId: string): Promise<SyncRun> | null {
    return this.running.get(connectionId)?.done ?? null;
  }

  isRunning(connectionId: string): boolean {
    return this.running.has(connectionId);
  }

  /** Asks a running sync to stop after its current page. */
  stop(connectionId: string): void {
    const r = this.running.get(connectionId);
    if (r) r.stop = true;
  }

  /** Deletes a connection's sync data; call inside the disconnect transaction. */
  deleteConnectionInTx(connectionId: string): void {
    this.repo.deleteConnection(connectionId);
    this.deps.records.deleteConnection(connectionId);
  }

  status(connectionId: string) {
    const conn = this.deps.lifecycle.get(connectionId);
    const last = this.repo.lastRun(connectionId);
    const lastOk = this.repo.lastRun(connectionId, 'completed');
    const running = this.running.get(connectionId)?.run;
    const counts = this.deps.records.countsByEntity(connectionId);
    return {
      status: running ? 'in_progress' as const : last ? (last.status === 'in_progress' ? 'failed' as const : last.status) : 'idle' as const,
      last_successful_sync_at: lastOk?.finished_at ?? null,
      last_error: last?.status === 'failed' ? last.error : null,
      next_sync_at: conn.status === 'active' ? this.nextSyncAt(connectionId) : null,
      current: running ?? null,
      counts,
      last_sync_counts: (running ?? last)?.counts ?? {},
      entities: this.deps.lifecycle.entities.syncStatus(connectionId, counts),
      warnings: (running ?? last)?.warnings ?? [],
    };
  }

  /** When the scheduler next syncs this connection: its interval after the last run (now, if overdue), moved out of any blackout; null while paused. */
  nextSyncAt(connectionId: string): string | null {
    const row = this.deps.lifecycle.row(connectionId);
    if (row.paused) return null;
    const options = effectiveOptions(JSON.parse(row.options) as StoredOptions);
    const last = this.repo.lastRun(connectionId);
    const interval = this.deps.intervalMs ?? options.sync_interval_minutes * 60_000;
    const now = this.now();
    const due = last?.finished_at ? new Date(Math.max(Date.parse(last.finished_at) + interval, now.getTime())) : now;
    return outsideBlackouts(due, options.sync_blackouts).toISOString();
  }

  /** Resume what a crash interrupted, then sync every active connection when it is due. */
  startScheduler(): void {
    for (const id of this.repo.failInterrupted(nowIso())) {
      if (this.schedulable(id)) this.tryStart(id);
    }
    this.timer = setInterval(() => this.runDue(), Math.min(SCHEDULER_TICK_MS, this.deps.intervalMs ?? SCHEDULER_TICK_MS));
    this.timer.unref();
    this.runDue();
  }

  /**
   * One scheduler tick: starts the syncs that are due, and stops scheduled syncs
   * a blackout window has caught (they resume from their checkpoint after it).
   */
  runDue(): void {
    const now = this.now();
    for (const c of this.deps.lifecycle.list()) {
      const running = this.running.get(c.id);
      if (running) {
        const window = running.trigger === 'scheduled' && !running.stop ? blackoutAt(now, c.options.sync_blackouts) : null;
        if (window) {
          running.stop = true;
          running.stopReason = { code: 'sync_blackout', message: `Stopped at the start of the sync blackout ${describeBlackout(window)}; the next sync resumes from its checkpoint.` };
        }
        continue;
      }
      if (c.status !== 'active' || c.paused || blackoutAt(now, c.options.sync_blackouts)) continue;
      const next = this.nextSyncAt(c.id);
      if (next && Date.parse(next) <= now.getTime()) this.tryStart(c.id);
    }
  }

  /** Whether the scheduler may start a sync of this connection now (not paused, outside its blackouts). */
  private schedulable(id: string): boolean {
    const row = this.deps.lifecycle.repo.get(id);
    if (!row || row.paused) return false;
    return !blackoutAt(this.now(), effectiveOptions(JSON.parse(row.options) as StoredOptions).sync_blackouts);
  }

  async stopAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const r of this.running.values()) r.stop = true;
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private tryStart(id: string) {
    try { this.start(id, { trigger: 'scheduled' }); } catch (err) { this.deps.log.warn({ connection_id: id, err: (err as Error).message }, 'scheduled sync not started'); }
  }

  // ---- a run

  private async execute(entry: RunningSync): Promise<SyncRun> {
    const { run } = entry;
    const id = run.connection_id;
    const { bus, lifecycle } = this.deps;
    bus.emit('sync.started', { connection_id: id, sync_id: run.id, mode: run.mode });
    let connector: Connector | null = null;
    try {
      connector = await lifecycle.connector(id);
      // (a system that lists everything every time finds deletions anyway)
      if (run.mode === 'incremental' && !connector.reportsDeletions && !connector.listsEverything && this.fullListingDue(id)) {
        run.mode = 'full'; // the only way such a system tells us what it deleted
        this.repo.updateRun(run);
      }
      const options = JSON.parse(lifecycle.row(id).options) as StoredOptions;
      const historyStart = run.mode === 'initial' ? new Date(Date.now() - options.history_days * 86_400_000).toISOString() : null;
      let failed: ConnectorError | null = null;
      for (const entity of SYNC_ORDER) {
        if (entry.stop) throw new ConnectorError('system', 'stopped');
        try {
          await this.syncEntity(entry, connector, entity, historyStart);
        } catch (err) {
          const e = asConnectorError(err);
          // a failure of the whole connection stops the run; one entity's failure does not stop the others
          if (entry.stop || failureEffect(e).scope === 'connection') throw e;
          lifecycle.entities.failed(id, entity, { code: failureEffect(e).syncCode, message: e.message }, nowIso());
          run.warnings.push({ entity, code: 'entity_failed', message: `${entity}: ${e.message}` });
          failed ??= e;
        }
      }
      if (failed) throw failed;
      run.status = 'completed';
      run.finished_at = nowIso();
      run.progress = { entity: null, records: run.progress.records };
      this.deps.db.transaction(() => {
        this.repo.updateRun(run);
        lifecycle.repo.update(id, { last_sync_at: run.finished_at });
        bus.emit('sync.completed', { connection_id: id, sync_id: run.id, mode: run.mode, counts: run.counts, warnings: run.warnings, started_at: run.started_at, finished_at: run.finished_at! });
      })();
      lifecycle.setHealth(id, 'online');
    } catch (err) {
      const e = asConnectorError(err);
      const stopped = entry.stop && e.message === 'stopped';
      run.status = 'failed';
      run.finished_at = nowIso();
      run.error = stopped ? (entry.stopReason ?? { code: 'stopped', message: 'The sync was stopped; the next one resumes from its checkpoint.' }) : { code: failureEffect(e).syncCode, message: e.message };
      if (lifecycle.repo.get(id)) {
        this.deps.db.transaction(() => {
          this.repo.updateRun(run);
          bus.emit('sync.failed', { connection_id: id, sync_id: run.id, mode: run.mode, error: run.error!, warnings: run.warnings, started_at: run.started_at, finished_at: run.finished_at! });
        })();
        if (!stopped) await lifecycle.applyFailure(id, e); // offline: after its diagnosis
      }
      if (!stopped) this.deps.log.warn({ connection_id: id, sync_id: run.id, kind: e.kind, message: e.message }, 'sync failed');
    } finally {
      connector?.close();
    }
    return run;
  }

  /**
   * One entity. It is checked first where it was unavailable (and listed from
   * scratch if it is back); a listing the system refuses for want of
   * availability marks it unavailable and the run goes on with a warning.
   */
  private async syncEntity(entry: RunningSync, connector: Connector, entity: EntityName, historyStart: string | null) {
    const { run } = entry;
    const id = run.connection_id;
    const entities = this.deps.lifecycle.entities;
    const unavailable = (a: { reason: string | null; action: string | null }) => {
      entities.checked(id, entity, { available: false, reason: a.reason, action: a.action }, nowIso());
      run.warnings.push({ entity, code: 'entity_unavailable', message: `${entity} is not available: ${a.reason ?? 'the system does not offer it'}` });
    };
    if (!connector.entities.includes(entity)) {
      entities.checked(id, entity, await connector.checkEntity(entity), nowIso());
      return;
    }
    const known = entities.get(id, entity);
    if (known && !known.available) {
      const now = await this.withRetry(() => connector.checkEntity(entity));
      if (!now.available) return unavailable(now);
      this.repo.deleteState(id, entity); // back: listed from scratch
    }
    try {
      await this.listEntity(entry, connector, entity, historyStart);
    } catch (err) {
      const e = asConnectorError(err);
      if (e.kind !== 'entity_unavailable') throw e;
      unavailable({ reason: e.message, action: e.extra.action ?? null });
    }
  }

  private async listEntity(entry: RunningSync, connector: Connector, entity: EntityName, historyStart: string | null) {
    const { run } = entry;
    const id = run.connection_id;
    const { db, records, bus } = this.deps;
    let state = this.repo.state(id, entity) ?? { connection_id: id, entity, since: null, listing_id: null, listing_since: null, cursor: null, high_water: null, completed_at: null };
    // A listing left half-way by a crash or an outage is resumed; a full sync starts over.
    if (run.mode === 'full' || !state.listing_id) {
      state = { ...state, listing_id: newId('lst'), listing_since: run.mode === 'full' ? null : state.since, cursor: null, high_water: null };
      this.repo.putState(state);
    }
    const counts = (run.counts[entity] ??= emptyCounts());
    const reported = new Set<string>();
    const { listing_since: since } = state;
    const fetchPage = (cursor: string | null) => {
      const p = this.withRetry(() => connector.listChanges({ entity, since, historyStart: since ? null : historyStart, cursor, pageSize: this.pageSize }));
      p.catch(() => undefined); // a failure surfaces where the page is awaited, not as an unhandled rejection
      return p;
    };
    let next = fetchPage(state.cursor);
    for (;;) {
      const page = await next;
      // The next page is asked for before this one is written: the system prepares it
      // while the page commits. Only the checkpoint written with a page counts on resume.
      if (page.nextCursor) next = fetchPage(page.nextCursor);
      // One turn of the event loop first: the request leaves (an HTTP client sends it from
      // callbacks, not while the write below holds the thread), and API requests get in between pages.
      await new Promise((r) => setImmediate(r));
      if (entry.stop) throw new ConnectorError('system', 'stopped'); // asked while the page was awaited: it is not written
      const at = nowIso();
      const highWater = page.records.reduce<string | null>((m, r) => (r.updated_at && (!m || r.updated_at > m) ? r.updated_at : m), state.high_water);
      const fullListing = state.listing_since === null || connector.listsEverything === true;
      // The initial load of an entity is summarised by sync.completed: record events start after its first complete listing.
      const onChange = this.deps.recordChangeListener?.(id, entity, { recordEvents: state.completed_at !== null });
      db.transaction(() => {
        if (!this.deps.lifecycle.repo.get(id)) { entry.stop = true; throw new ConnectorError('system', 'stopped'); } // disconnected meanwhile
        const c = records.upsert(id, entity, page.records, fullListing ? state.listing_id : null, at, onChange);
        if (fullListing) records.markSeen(id, entity, (page.rejected ?? []).flatMap((r) => (r.remote_id ? [r.remote_id] : [])), state.listing_id!);
        counts.created += c.created;
        counts.updated += c.updated;
        counts.deleted += records.softDelete(id, entity, page.deleted, at, onChange);
        counts.failed += page.rejected?.length ?? 0;
        state = { ...state, cursor: page.nextCursor, high_water: highWater };
        if (!page.nextCursor) {
          if (fullListing) counts.deleted += records.softDeleteAbsent(id, entity, state.listing_id!, at, onChange);
          state = { ...state, since: highWater ?? state.listing_since ?? state.since, listing_id: null, listing_since: null, cursor: null, high_water: null, completed_at: at };
          this.deps.lifecycle.entities.synced(id, entity, at);
        }
        for (const notice of page.notices ?? []) {
          if (!run.warnings.some((w) => w.entity === entity && w.message.endsWith(notice))) run.warnings.push({ entity, code: 'partly_unavailable', message: `${entity}: ${notice}` });
        }
        run.progress = { entity, records: run.progress.records + page.records.length };
        this.repo.putState(state);
        this.repo.updateRun(run);
        this.reportProblems(id, entity, page, reported);
      })();
      bus.emit('sync.progress', { connection_id: id, sync_id: run.id, entity, records: run.progress.records });
      if (!page.nextCursor) return;
    }
  }

  /** Systems without a deletion feed get a full listing once a day, so deletions show up within a day. */
  private fullListingDue(connectionId: string): boolean {
    const last = this.repo.lastFullListing(connectionId);
    return !last || Date.now() - Date.parse(last) > FULL_LISTING_EVERY_MS;
  }

  /** Records the system sent that could not be read, and unknown codes (one system.error per code and run). */
  private reportProblems(id: string, entity: EntityName, page: ChangePage, reported: Set<string>) {
    const { bus } = this.deps;
    for (const r of page.rejected ?? []) {
      bus.emit('system.error', { connection_id: id, code: 'record_rejected', entity, remote_id: r.remote_id ?? undefined, message: `A ${entity} record${r.remote_id ? ` (${r.remote_id})` : ''} could not be read and was skipped: ${r.reason}` });
    }
    for (const w of page.warnings ?? []) {
      if (reported.has(w.message)) continue;
      reported.add(w.message);
      bus.emit('system.error', { connection_id: id, code: 'unknown_code', entity, remote_id: w.remote_id, message: w.message });
    }
  }

  /** 429 and 503 are waited out (Retry-After, else back-off); anything else fails the sync. */
  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    const max = this.deps.maxRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = err instanceof ConnectorError ? err : null;
        if (!e || !failureEffect(e).retry || attempt >= max) throw err;
        const wait = e.extra.retryAfterSeconds !== undefined ? e.extra.retryAfterSeconds * 1000 : 1000 * 2 ** attempt;
        await this.sleep(Math.min(wait, 120_000));
      }
    }
  }
}

const asConnectorError = (err: unknown): ConnectorError =>
  err instanceof ConnectorError ? err : new ConnectorError('system', err instanceof Error ? err.message : String(err));

export { entityNames };
