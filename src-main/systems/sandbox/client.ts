// The sandbox "system" behind one connection: a mutable in-memory copy of the
// generated data, with a change log the way a real system has one (lastModified
// on every record, tombstones for deletions). Tests change it between syncs
// (touch/remove/add); writes through the connector never do.
// One source per connection lives in a registry, so the agent and in-process
// tests see the same data. It is the sandbox connection's client: the kit pages
// it through changes() as it pages a real system's API.
import type { EntityName } from '../../contract/unified.js';
import { entityNames } from '../../contract/unified.js';
import { DEFAULT_SEED, generateSandboxData } from './dataset.js';
import { remoteKeyField, remoteKeyOf, type SandboxData, type SandboxRawByEntity } from './raw.js';

export interface Tombstone {
  remoteId: string;
  /** When the system deleted the record (ISO-8601). */
  deletedAt: string;
}

/** A record's place in the change order: (lastModified, remote id). */
export interface ChangeKey {
  ms: number;
  id: string;
}

export interface SandboxSourceOptions {
  seed?: number;
  scale?: number;
  /** Start from this data instead of generating it (it is deep-copied). */
  data?: SandboxData;
  /**
   * The system's clock, used when touch/remove/add get no explicit time and for
   * the timestamps of simulated writes. Default: a logical clock one second past
   * the latest timestamp in the data, so runs stay deterministic.
   */
  clock?: () => string;
}

type Records = { [E in EntityName]: Map<string, SandboxRawByEntity[E]> };
type Tombstones = { [E in EntityName]: Map<string, string> };

/** Records with an unreadable lastModified sort first and are never "changed since" anything. */
const UNKNOWN_TIME = -8.64e15;

function timeOf(raw: unknown): number {
  const v = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).lastModified : undefined;
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? ms : UNKNOWN_TIME;
}

function requireTime(at: string): number {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`not a valid time: ${JSON.stringify(at)}`);
  return ms;
}

/** Binary search: the first index where `before` turns false (`order` is partitioned by it). */
function lowerBound(order: readonly ChangeKey[], before: (k: ChangeKey) => boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(order[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareKeys(a: ChangeKey, b: ChangeKey): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  // Code-unit order, not localeCompare: the order must not depend on the machine's locale.
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class SandboxSource {
  private readonly records = {} as Records;
  private readonly deletions = {} as Tombstones;
  /** Per-entity (lastModified, id) order, rebuilt lazily after a change. */
  private readonly orderCache = new Map<EntityName, ChangeKey[]>();
  private latestMs = UNKNOWN_TIME;
  private readonly clock: (() => string) | undefined;
  /**
   * Generated data is made on first use, not here: the agent creates every
   * sandbox connection's source for its start-up health check, which reads
   * none of it, and generating one takes 10–20 ms of the agent's only thread.
   */
  private generate: (() => SandboxData) | null = null;

  constructor(opts: SandboxSourceOptions = {}) {
    this.clock = opts.clock;
    if (opts.data) this.loadAll(structuredClone(opts.data));
    else { const seed = opts.seed ?? DEFAULT_SEED; this.generate = () => generateSandboxData({ seed, scale: opts.scale }); }
  }

  private loadAll(data: SandboxData): void {
    for (const entity of entityNames) this.load(entity, data[entity]);
  }

  /** Generates the data if that has not happened yet (see `generate`). */
  private loaded(): void {
    if (!this.generate) return;
    const generate = this.generate;
    this.generate = null;
    this.loadAll(generate());
  }

  private load<E extends EntityName>(entity: E, rows: SandboxRawByEntity[E][]): void {
    const map = new Map<string, SandboxRawByEntity[E]>();
    for (const raw of rows) {
      const id = remoteKeyOf(entity, raw);
      if (id === null) throw new Error(`sandbox data: a ${entity} record has no "${remoteKeyField[entity]}"`);
      map.set(id, raw);
      this.observe(timeOf(raw));
    }
    (this.records as Record<E, Map<string, SandboxRawByEntity[E]>>)[entity] = map;
    this.deletions[entity] = new Map();
  }

  private map<E extends EntityName>(entity: E): Map<string, SandboxRawByEntity[E]> {
    this.loaded();
    const map = (this.records as Partial<Records>)[entity];
    if (!map) throw new Error(`unknown sandbox entity: ${String(entity)}`);
    return map as Map<string, SandboxRawByEntity[E]>;
  }

  private observe(ms: number): void {
    if (ms > this.latestMs) this.latestMs = ms;
  }

  private changed(entity: EntityName, ms: number): void {
    this.orderCache.delete(entity);
    this.observe(ms);
  }

  /** The system's current time (see SandboxSourceOptions.clock). */
  now(): string {
    if (this.clock) return this.clock();
    this.loaded();
    const base = this.latestMs === UNKNOWN_TIME ? Date.UTC(2026, 0, 1) : this.latestMs;
    return new Date(Math.floor(base / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z');
  }

  /** The live raw record, or undefined. Treat it as read-only: change data through touch/add/remove. */
  get<E extends EntityName>(entity: E, remoteId: string): SandboxRawByEntity[E] | undefined {
    return this.map(entity).get(remoteId);
  }

  /** All live raw records of an entity, in insertion order. Read-only, like get(). */
  all<E extends EntityName>(entity: E): SandboxRawByEntity[E][] {
    return [...this.map(entity).values()];
  }

  size(entity: EntityName): number {
    return this.map(entity).size;
  }

  /** Live records in change order (lastModified, then remote id). Cached until the next change. */
  changeOrder(entity: EntityName): readonly ChangeKey[] {
    let order = this.orderCache.get(entity);
    if (!order) {
      order = [...this.map(entity)].map(([id, raw]) => ({ ms: timeOf(raw), id }));
      order.sort(compareKeys);
      this.orderCache.set(entity, order);
    }
    return order;
  }

  /**
   * One page of the change order: live records changed at or after `sinceMs`
   * that come after `after` in (lastModified, remote id) order, at most `limit`,
   * and whether more follow. A record changed mid-listing moves behind the
   * position and is listed again rather than skipped.
   */
  changes(entity: EntityName, sinceMs: number | null, after: ChangeKey | null, limit: number): { keys: ChangeKey[]; more: boolean } {
    const order = this.changeOrder(entity);
    let start = sinceMs === null ? 0 : lowerBound(order, (k) => k.ms < sinceMs);
    if (after) start = Math.max(start, lowerBound(order, (k) => k.ms < after.ms || (k.ms === after.ms && k.id <= after.id)));
    const end = Math.min(order.length, start + limit);
    return { keys: order.slice(start, end), more: end < order.length };
  }

  tombstones(entity: EntityName): Tombstone[] {
    this.map(entity); // validates the entity name
    return [...this.deletions[entity]].map(([remoteId, deletedAt]) => ({ remoteId, deletedAt }));
  }

  /** Every remote id the entity has ever used (live or deleted), e.g. to number a new record. */
  knownIds(entity: EntityName): string[] {
    return [...this.map(entity).keys(), ...this.deletions[entity].keys()];
  }

  /**
   * Changes a record as the system would: shallow-merges `changes` and stamps
   * lastModified = at (default: now()). The key field cannot change.
   */
  touch<E extends EntityName>(entity: E, remoteId: string, changes: Partial<SandboxRawByEntity[E]> = {}, at?: string): SandboxRawByEntity[E] {
    const map = this.map(entity);
    const current = map.get(remoteId);
    if (!current) throw new Error(`sandbox: no ${entity} record ${remoteId}`);
    const keyField = remoteKeyField[entity];
    const newKey = (changes as Record<string, unknown>)[keyField];
    if (newKey !== undefined && newKey !== remoteId) throw new Error(`sandbox: cannot change the key "${keyField}" of ${remoteId}`);
    const when = at ?? this.now();
    const ms = requireTime(when);
    // A new object, so records handed out earlier (e.g. as remote_data) never change under their holder.
    const next = { ...structuredClone(current), ...structuredClone(changes), lastModified: when } as SandboxRawByEntity[E];
    map.set(remoteId, next);
    this.changed(entity, ms);
    return next;
  }

  /** Deletes a record and keeps a tombstone with the deletion time (default: now()). */
  remove(entity: EntityName, remoteId: string, at?: string): void {
    const map = this.map(entity);
    if (!map.has(remoteId)) throw new Error(`sandbox: no ${entity} record ${remoteId}`);
    const when = at ?? this.now();
    const ms = requireTime(when);
    map.delete(remoteId);
    this.deletions[entity].set(remoteId, when);
    this.changed(entity, ms);
  }

  /**
   * Adds a record as given (deep-copied). Its own lastModified decides when an
   * incremental sync sees it. Re-adding a deleted id clears its tombstone.
   */
  add<E extends EntityName>(entity: E, raw: SandboxRawByEntity[E]): SandboxRawByEntity[E] {
    const map = this.map(entity);
    const id = remoteKeyOf(entity, raw);
    if (id === null) throw new Error(`sandbox: a ${entity} record needs a "${remoteKeyField[entity]}"`);
    if (map.has(id)) throw new Error(`sandbox: ${entity} record ${id} already exists`);
    const copy = structuredClone(raw);
    map.set(id, copy);
    this.deletions[entity].delete(id);
    this.changed(entity, timeOf(copy));
    return copy;
  }

  /** A deep copy of the live data (what tests compare to prove writes changed nothing). */
  snapshot(): SandboxData {
    const out = {} as Record<EntityName, unknown[]>;
    for (const entity of entityNames) out[entity] = structuredClone(this.all(entity));
    return out as SandboxData;
  }
}

// ---------------------------------------------------------------- one source per connection

export const sandboxSources = new Map<string, SandboxSource>();

/** MILLWRIGHT_SANDBOX_SCALE: a record-count multiplier for tests and benchmarks. */
export function scaleFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.MILLWRIGHT_SANDBOX_SCALE;
  if (text === undefined || text.trim() === '') return undefined;
  const scale = Number(text);
  // Loud rather than silently falling back: a benchmark on the wrong data size is worse than a failure.
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`MILLWRIGHT_SANDBOX_SCALE must be a positive number, got ${JSON.stringify(text)}`);
  return scale;
}

/** The connection's source, created (default seed, env scale) on first use. */
export function getSandboxSource(connectionId: string): SandboxSource {
  let source = sandboxSources.get(connectionId);
  if (!source) {
    source = new SandboxSource({ scale: scaleFromEnv() });
    sandboxSources.set(connectionId, source);
  }
  return source;
}

/** Forgets a connection's source (disconnect). True if there was one. */
export function dropSandboxSource(connectionId: string): boolean {
  return sandboxSources.delete(connectionId);
}
