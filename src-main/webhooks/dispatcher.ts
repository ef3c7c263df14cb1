// The outbox dispatcher: delivers webhook_outbox rows at least once. All state
// lives in SQLite, so a restart (or kill -9) simply picks up the pending rows; a
// delivery that was in flight is attempted again with the same webhook-id.
//
// Rules (README: Webhooks):
// - success only on 2xx within the timeout; 3xx is a failure and never followed;
// - back-off after the n-th failed attempt: min(30 s · 2^(n-1), 6 h), then
//   jitter: × a uniform factor in [0.8, 1.2) — so a retry lands between 0.8×
//   and 1.2× the nominal delay (at the cap: 4.8 h … 7.2 h);
// - Retry-After (seconds or an HTTP date) is honoured: the delay is the larger
//   of the jittered back-off and Retry-After (itself capped at 6 h);
// - a row whose next attempt would fall after its deadline (24 h after it was
//   queued) is marked failed instead; every row gets at least one attempt;
// - 410 Gone disables the endpoint at once, fails its pending rows, and reports
//   a system.error;
// - an endpoint whose attempts have failed without a success for more than an
//   hour gets failing_since (the start of that streak); a success clears it;
// - per-endpoint order: an endpoint's rows go out in outbox order, one at a
//   time. An endpoint is served a batch at a time: its oldest pending rows, in
//   order, until one is not due yet or an attempt fails, so a younger event
//   waits while an older one is in back-off (head-of-line blocking, by choice:
//   order holds "as far as retries allow" — an event given up as failed
//   releases the next). Endpoints are independent; at most `concurrency`
//   endpoints are served at once, one attempt each at a time.
// - the target is resolved and checked before a batch's first attempt (and
//   again after RECHECK_MS within a long batch), and every attempt connects to
//   exactly that checked address: keep-alive sockets are pooled per checked
//   address, never per host name;
// - a batch's outcomes are written in one transaction when the batch ends (a
//   failure ends it): a crash before that write repeats those deliveries, with
//   the same webhook-id — at least once, as always.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import type { Db } from '../store/db.js';
import { signDelivery } from './signer.js';
import { checkDeliveryTarget, pinnedLookup, type Resolver } from './url-safety.js';

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 6 * 3600_000;
export const RETRY_JITTER = 0.2;
export const GIVE_UP_AFTER_MS = 24 * 3600_000;
export const FAILING_AFTER_MS = 3600_000;
export const ATTEMPT_TIMEOUT_MS = 10_000;
export const SNIPPET_BYTES = 4096;
export const DEFAULT_CONCURRENCY = 4;
/** The most rows one endpoint is served in one batch (one outcome transaction). */
export const BATCH_SIZE = 64;
/** Within a batch that runs longer than this, the target is resolved and checked again. */
export const RECHECK_MS = 1000;
/** The idle loop re-reads the clock at least this often (the wall clock can jump, e.g. after sleep). */
const MAX_IDLE_MS = 60_000;

export interface DeliveryPolicy { allowInsecure: boolean; allowedCidrs: readonly string[] }

export interface SendRequest {
  url: string;
  /** The checked address: the connection must go exactly there. */
  address: string;
  family: 4 | 6;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal: AbortSignal;
}
export interface SendResult { status: number; headers: Record<string, string | string[] | undefined>; snippet: string }
/** Resolves with any HTTP answer; rejects on transport failures (refused, timeout, TLS…). */
export type SendFn = (req: SendRequest) => Promise<SendResult>;

export interface Clock { now(): number }
export interface Scheduler { setTimer(fn: () => void, ms: number): unknown; clearTimer(handle: unknown): void }

export interface DeliveryReport {
  delivery_id: string; webhook_id: string; event_id: string; type: string;
  status: 'pending' | 'delivered' | 'failed'; status_code: number | null; error: string | null; next_attempt_at: string | null;
}

export interface DispatcherDeps {
  db: Db;
  /** Signing secrets of an endpoint: the current one first, then the previous one during a rotation. */
  secrets: (endpointId: string) => Promise<string[]>;
  /** The admin's settings, read at every attempt. */
  policy: () => DeliveryPolicy;
  /** The agent's own listening ports (admin and unified API), refused on this host whatever the allow-list says. */
  ownPorts?: () => readonly number[];
  resolve?: Resolver;
  send?: SendFn;
  clock?: Clock;
  scheduler?: Scheduler;
  /** Uniform in [0, 1): the jitter source. */
  random?: () => number;
  concurrency?: number;
  timeoutMs?: number;
  /** Reports `system.error` (e.g. an endpoint disabled by 410 Gone). Wire to bus.emit('system.error', …). */
  onSystemError?: (e: { connection_id: string; code: string; message: string }) => void;
  /** After every recorded attempt (live events for the admin). */
  onDelivery?: (r: DeliveryReport) => void;
  log?: { warn(obj: object, msg: string): void };
}

interface OutboxRow {
  seq: number; id: string; event_id: string; endpoint_id: string; type: string; connection_id: string | null;
  payload: string; status: string; attempts: number; next_attempt_at: number | null; expires_at: number; created_at: number;
}
interface EndpointRow { id: string; url: string; enabled: number; failure_streak_since: number | null; failing_since: string | null }
interface Outcome { ok: boolean; statusCode: number | null; error: string | null; snippet: string | null; retryAfterMs: number | null; gone: boolean }
interface Attempt { row: OutboxRow; outcome: Outcome; startedAt: number; durationMs: number }
/** A target checked at `at`: where to connect and the secrets to sign with, or the refusal to record instead. */
interface Checked { at: number; url: string; address: string; family: 4 | 6; secrets: string[]; refusal: Outcome | null }

/** The nominal back-off before attempt n+1, after n failed attempts (n ≥ 1), before jitter. */
export function nominalBackoff(failedAttempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1), RETRY_CAP_MS);
}

/** Jittered back-off, honouring Retry-After; `random` is uniform in [0, 1). */
export function retryDelay(failedAttempts: number, random: number, retryAfterMs: number | null = null): number {
  const jittered = Math.round(nominalBackoff(failedAttempts) * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, RETRY_CAP_MS));
}

/** Retry-After as ms from `now`: delta-seconds or an HTTP date; null if absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Keep-alive pools per checked address (and port): a pooled socket was
 * connected to the address the check passed, so reusing it cannot reach
 * anything else, whatever the name resolves to by now.
 */
const pools = new Map<string, http.Agent>();
function poolFor(protocol: string, address: string, port: string): http.Agent {
  const key = `${protocol}|${address}|${port}`;
  let pool = pools.get(key);
  if (!pool) {
    if (pools.size >= 256) { for (const p of pools.values()) p.destroy(); pools.clear(); }
    const options = { keepAlive: true, maxSockets: 2 };
    pool = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    pools.set(key, pool);
  }
  return pool;
}

/**
 * The production transport: node:http(s) — got's per-request option handling
 * cost more than the rest of a delivery, and none of its features are used
 * here: no redirects (node:http never follows one), no retries (the outbox
 * retries), a hard timeout over the whole attempt, TLS always verified against
 * the URL's host name, and at most SNIPPET_BYTES of the answer read. The
 * connection goes to `address` whatever DNS says now, from that address's own
 * keep-alive pool.
 */
export const nodeSend: SendFn = (req) => new Promise<SendResult>((resolve, reject) => {
  const url = new URL(req.url);
  let settled = false;
  const settle = (fn: () => void) => { if (!settled) { settled = true; clearTimeout(timer); fn(); } };
  const request = (url.protocol === 'https:' ? https : http).request({
    protocol: url.protocol, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: `${url.pathname}${url.search}`, method: 'POST',
    headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body), 'accept-encoding': 'gzip, deflate, br' },
    lookup: pinnedLookup(req.address, req.family) as never,
    agent: poolFor(url.protocol, req.address, url.port),
    signal: req.signal,
  }, (res) => {
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
    const body = decoder ? res.pipe(decoder) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => settle(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, snippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8') }));
    body.on('data', (chunk: Buffer) => {
      if (size < SNIPPET_BYTES) { chunks.push(chunk); size += chunk.length; }
      if (size >= SNIPPET_BYTES) { finish(); res.destroy(); decoder?.destroy(); }
    });
    body.on('end', finish);
    body.on('error', (err: Error) => (size > 0 ? finish() : settle(() => reject(err)))); // a corrupt encoding after the status: keep what was read
  });
  const timer = setTimeout(() => request.destroy(Object.assign(new Error('no answer within the time limit'), { code: 'ETIMEDOUT' })), req.timeoutMs);
  request.on('error', (err) => settle(() => reject(err)));
  request.end(req.body);
});

const realScheduler: Scheduler = {
  setTimer: (fn, ms) => { const t = setTimeout(fn, ms); t.unref(); return t; },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

const iso = (ms: number) => new Date(ms).toISOString();

function describeError(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT') return 'no answer within the time limit';
  const msg = (e?.message ?? String(err)).split('\n')[0].slice(0, 300);
  return e?.code && !msg.includes(e.code) ? `${e.code}: ${msg}` : msg;
}

export class WebhookDispatcher {
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly send: SendFn;
  private readonly random: () => number;
  private readonly concurrency: number;
  /** The endpoints being served, by endpoint id. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Attempts made so far (runDue reports its share). */
  private attempts = 0;
  private wakeUp: { promise: Promise<void>; resolve: () => void } | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();
  private readonly q;

  constructor(private readonly deps: DispatcherDeps) {
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.scheduler = deps.scheduler ?? realScheduler;
    this.send = deps.send ?? nodeSend;
    this.random = deps.random ?? Math.random;
    this.concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
    const db = deps.db;
    this.q = {
      heads: db.prepare(`SELECT o.* FROM webhook_endpoints e
        JOIN webhook_outbox o ON o.seq = (SELECT seq FROM webhook_outbox WHERE endpoint_id = e.id AND status = 'pending' ORDER BY seq LIMIT 1)
        WHERE e.enabled = 1`),
      endpoint: db.prepare('SELECT id, url, enabled, failure_streak_since, failing_since FROM webhook_endpoints WHERE id = ?'),
      row: db.prepare('SELECT * FROM webhook_outbox WHERE id = ?'),
      batch: db.prepare("SELECT * FROM webhook_outbox WHERE endpoint_id = ? AND status = 'pending' ORDER BY seq LIMIT ?"),
      attempt: db.prepare('INSERT INTO webhook_delivery_attempts (delivery_id, at, status_code, duration_ms, error, response_snippet) VALUES (?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE webhook_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ? WHERE id = ?'),
      streak: db.prepare('UPDATE webhook_endpoints SET failure_streak_since = ?, failing_since = ? WHERE id = ?'),
      disable: db.prepare('UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ? WHERE id = ?'),
      failPending: db.prepare("UPDATE webhook_outbox SET status = 'failed', next_attempt_at = NULL WHERE endpoint_id = ? AND status = 'pending'"),
    };
  }

  /** Runs in the background until stop(): picks up pending rows now and whenever they fall due. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Stops; in-flight attempts are aborted and stay pending (the next start retries them, same webhook-id). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Something was queued: look now rather than at the next timer. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.resolve();
  }

  /** When the next attempt falls due (ms epoch), or null if nothing is pending. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const r of this.q.heads.all() as OutboxRow[]) {
      if (this.inFlight.has(r.endpoint_id)) continue;
      const at = r.next_attempt_at ?? 0;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /**
   * Attempts everything due at clock.now() (respecting order and concurrency)
   * and waits for those attempts, again and again until nothing more is due.
   * Tests drive the dispatcher with this and a fake clock; the background loop
   * uses it too. Returns the number of attempts made.
   */
  async runDue(): Promise<number> {
    const before = this.attempts;
    for (;;) {
      this.fill();
      if (this.inFlight.size === 0) return this.attempts - before;
      const waits: Promise<unknown>[] = [...this.inFlight.values(), this.wakeSignal()];
      let timer: unknown = null;
      const next = this.nextDueAt();
      const now = this.clock.now();
      if (next !== null && next > now) waits.push(new Promise<void>((r) => { timer = this.scheduler.setTimer(r, Math.min(next - now, MAX_IDLE_MS)); }));
      try { await Promise.race(waits); } finally { if (timer !== null) this.scheduler.clearTimer(timer); }
    }
  }

  // ---- internals

  private async run(): Promise<void> {
    while (this.running) {
      let pause = 0;
      try {
        await this.runDue();
      } catch (err) {
        this.deps.log?.warn({ err: (err as Error).message }, 'webhook dispatcher: pass failed; retrying in 1 s');
        pause = 1000;
      }
      if (!this.running) break;
      const next = this.nextDueAt();
      const delay = Math.max(pause, next === null ? MAX_IDLE_MS : Math.min(Math.max(0, next - this.clock.now()), MAX_IDLE_MS));
      if (delay > 0) {
        let timer: unknown = null;
        await Promise.race([this.wakeSignal(), new Promise<void>((r) => { timer = this.scheduler.setTimer(r, delay); })]);
        this.scheduler.clearTimer(timer);
      }
    }
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** One shared promise until the next wake(), so waiting in a loop does not pile up listeners. */
  private wakeSignal(): Promise<void> {
    if (!this.wakeUp) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      this.wakeUp = { promise, resolve };
    }
    return this.wakeUp.promise;
  }

  /** Starts serving the endpoints whose oldest pending row is due, as many as fit. */
  private fill(): void {
    if (this.inFlight.size >= this.concurrency) return;
    if (this.loop !== null && !this.running) return;
    const now = this.clock.now();
    const due = (this.q.heads.all() as OutboxRow[])
      .filter((r) => !this.inFlight.has(r.endpoint_id) && (r.next_attempt_at ?? 0) <= now)
      .sort((a, b) => (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || a.seq - b.seq)
      .slice(0, this.concurrency - this.inFlight.size);
    for (const head of due) {
      const p = this.serve(head.endpoint_id)
        .catch((err) => this.deps.log?.warn({ webhook_id: head.endpoint_id, err: (err as Error).message }, 'webhook attempts not recorded'))
        .finally(() => this.inFlight.delete(head.endpoint_id));
      this.inFlight.set(head.endpoint_id, p);
    }
  }

  /**
   * One batch of an endpoint: its oldest pending rows in order, each attempted
   * in turn while it is due, until one fails. The outcomes are written together
   * when the batch ends.
   */
  private async serve(endpointId: string): Promise<void> {
    const endpoint = this.q.endpoint.get(endpointId) as EndpointRow | undefined;
    if (!endpoint || !endpoint.enabled) return;
    const outcomes: Attempt[] = [];
    try {
      let target: Checked | null = null;
      for (const row of this.q.batch.all(endpointId, BATCH_SIZE) as OutboxRow[]) {
        const startedAt = this.clock.now();
        if ((row.next_attempt_at ?? 0) > startedAt) break; // in back-off: younger rows wait behind it
        const t0 = performance.now();
        let outcome: Outcome;
        try {
          if (!target || startedAt - target.at > RECHECK_MS) target = await this.check(endpoint, startedAt);
          outcome = target.refusal ?? await this.deliver(row, target);
        } catch (err) {
          if (this.abort.signal.aborted) return; // shutting down: the row stays pending, as after a crash
          outcome = { ok: false, statusCode: null, error: describeError(err), snippet: null, retryAfterMs: null, gone: false };
        }
        if (this.abort.signal.aborted && !outcome.ok && outcome.statusCode === null) return;
        this.attempts++;
        outcomes.push({ row, outcome, startedAt, durationMs: Math.round(performance.now() - t0) });
        if (!outcome.ok) break;
      }
    } finally {
      if (outcomes.length) this.record(endpoint, outcomes);
    }
  }

  /** The endpoint's target resolved and checked now, with its signing secrets; or why it is refused. */
  private async check(endpoint: EndpointRow, at: number): Promise<Checked> {
    const policy = this.deps.policy();
    const target = await checkDeliveryTarget(endpoint.url, {
      allowInsecure: policy.allowInsecure, allowedCidrs: policy.allowedCidrs, ownPorts: this.deps.ownPorts?.() ?? [], resolve: this.deps.resolve,
    });
    if (!target.ok) {
      return { at, url: '', address: '', family: 4, secrets: [], refusal: { ok: false, statusCode: null, error: `refused before connecting (${target.code}): ${target.message}`, snippet: null, retryAfterMs: null, gone: false } };
    }
    return { at, url: target.url.toString(), address: target.address, family: target.family, secrets: await this.deps.secrets(endpoint.id), refusal: null };
  }

  private async deliver(row: OutboxRow, target: Checked): Promise<Outcome> {
    const secrets = target.secrets;
    const headers: Record<string, string> = {
      ...signDelivery(row.event_id, this.clock.now(), row.payload, secrets),
      'content-type': 'application/json',
      'user-agent': 'Millwright-Webhooks/0.1',
    };
    // One signal per attempt, linked to stop(): the transport may leave listeners on it.
    const attemptAbort = new AbortController();
    const onStop = () => attemptAbort.abort();
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    let res: SendResult;
    try {
      res = await this.send({
        url: target.url, address: target.address, family: target.family, headers, body: row.payload,
        timeoutMs: this.deps.timeoutMs ?? ATTEMPT_TIMEOUT_MS, signal: attemptAbort.signal,
      });
    } finally {
      this.abort.signal.removeEventListener('abort', onStop);
    }
    const status = res.status;
    if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null, snippet: res.snippet, retryAfterMs: null, gone: false };
    let error = `HTTP ${status}`;
    if (status >= 300 && status < 400) {
      const loc = res.headers.location;
      error = `redirect (${status}${loc ? ` to ${String(loc).slice(0, 200)}` : ''}) not followed; webhook URLs must answer 2xx themselves`;
    } else if (status === 410) {
      error = 'HTTP 410 Gone: the receiver asked to stop; the endpoint was disabled';
    }
    return { ok: false, statusCode: status, error, snippet: res.snippet, retryAfterMs: parseRetryAfter(res.headers['retry-after'], this.clock.now()), gone: status === 410 };
  }

  /** Writes a batch's outcomes in one transaction; then reports them. */
  private record(endpoint: EndpointRow, attempts: Attempt[]): void {
    const db = this.deps.db;
    const reports: DeliveryReport[] = [];
    let gone: OutboxRow | null = null;
    let cleared = false;
    db.transaction(() => {
      for (const { row, outcome: o, startedAt, durationMs } of attempts) {
        const finishedAt = this.clock.now();
        const current = this.q.row.get(row.id) as OutboxRow | undefined;
        if (!current || current.status !== 'pending') continue; // deleted or settled meanwhile (endpoint removed/disabled)
        this.q.attempt.run(row.id, iso(startedAt), o.statusCode, durationMs, o.error, o.snippet);
        const attemptsSoFar = current.attempts + 1;
        let status: 'pending' | 'delivered' | 'failed';
        let next: number | null = null;
        if (o.ok) {
          status = 'delivered';
          if (!cleared) { this.q.streak.run(null, null, endpoint.id); cleared = true; } // a success ends the failure streak
        } else {
          if (o.gone) {
            status = 'failed';
            this.q.disable.run(`The receiver answered 410 Gone at ${iso(finishedAt)}; enable the endpoint again once it accepts deliveries.`, endpoint.id);
            gone = row;
          } else {
            const at = finishedAt + retryDelay(attemptsSoFar, this.random(), o.retryAfterMs);
            if (at > current.expires_at) status = 'failed';
            else { status = 'pending'; next = at; }
          }
          const fresh = this.q.endpoint.get(endpoint.id) as EndpointRow;
          const since = fresh.failure_streak_since ?? startedAt;
          const failing = fresh.failing_since ?? (finishedAt - since > FAILING_AFTER_MS ? iso(since) : null);
          this.q.streak.run(since, failing, endpoint.id);
        }
        this.q.update.run(status, next, row.id);
        if (gone) this.q.failPending.run(endpoint.id);
        reports.push({
          delivery_id: row.id, webhook_id: endpoint.id, event_id: row.event_id, type: row.type, status,
          status_code: o.statusCode, error: o.error, next_attempt_at: next === null ? null : iso(next),
        });
      }
    })();
    const goneRow = gone as OutboxRow | null;
    if (goneRow) {
      this.deps.onSystemError?.({
        connection_id: goneRow.connection_id ?? '',
        code: 'webhook_endpoint_gone',
        message: `Webhook endpoint ${endpoint.id} (${endpoint.url}) answered 410 Gone and was disabled; its pending deliveries were marked failed.`,
      });
    }
    for (const r of reports) this.deps.onDelivery?.(r);
  }
}
