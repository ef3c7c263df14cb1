// The outbox dispatcher under a fake clock and a scripted transport: the retry
// schedule, jitter, Retry-After, 410, the 24 h give-up, failing_since, order
// and concurrency.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { tempDir } from '../support/tmp.js';
import { FakeClock, memoryVault, openWebhookStore } from '../integration/fixtures/webhooks-support.js';
import { WebhookService } from '../../src-main/webhooks/service.js';
import {
  WebhookDispatcher, nominalBackoff, parseRetryAfter, retryDelay, GIVE_UP_AFTER_MS, RETRY_CAP_MS,
  type SendFn, type SendRequest, type SendResult,
} from '../../src-main/webhooks/dispatcher.js';
import type { Resolver } from '../../src-main/webhooks/url-safety.js';

type Script = (req: SendRequest, n: number) => Partial<SendResult> | Error | Promise<Partial<SendResult> | Error>;

function setup(opts: { script?: Script; random?: () => number; concurrency?: number; dns?: Record<string, string[]> } = {}) {
  const db = openWebhookStore(tempDir());
  const clock = new FakeClock();
  const dns: Record<string, string[]> = { 'hooks.example.com': ['93.184.216.34'], 'b.example.com': ['93.184.216.35'], ...opts.dns };
  const resolve: Resolver = async (h) => { if (!dns[h]) throw new Error('ENOTFOUND'); return dns[h]; };
  const policy = () => ({ allowInsecure: false, allowedCidrs: [] as string[] });
  const service = new WebhookService({ db, vault: memoryVault(), policy, resolve, now: clock.now });
  const calls: (SendRequest & { at: number; body: string })[] = [];
  const script: Script = opts.script ?? (() => ({ status: 204 }));
  const send: SendFn = async (req) => {
    calls.push({ ...req, at: clock.now() });
    const r = await script(req, calls.length);
    if (r instanceof Error) throw r;
    return { status: 200, headers: {}, snippet: '', ...r };
  };
  const systemErrors: { connection_id: string; code: string; message: string }[] = [];
  const dispatcher = new WebhookDispatcher({
    db, secrets: (id) => service.signingSecrets(id), policy, resolve, send, clock, random: opts.random ?? (() => 0.5),
    concurrency: opts.concurrency, onSystemError: (e) => systemErrors.push(e),
  });
  const row = (id: string) => db.prepare('SELECT * FROM webhook_outbox WHERE id = ?').get(id) as { status: string; attempts: number; next_attempt_at: number | null; created_at: number; expires_at: number };
  /** Jump the clock to the next due attempt and run it. */
  const step = async () => {
    const next = dispatcher.nextDueAt();
    if (next === null) return false;
    clock.set(Math.max(clock.now(), next));
    await dispatcher.runDue();
    return true;
  };
  return { db, clock, service, dispatcher, calls, systemErrors, row, step, dns };
}

async function endpointWithEvent(s: ReturnType<typeof setup>, url = 'https://hooks.example.com/h') {
  const { endpoint, secret } = await s.service.createEndpoint({ url });
  s.service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { counts: {} } });
  const [d] = s.service.listDeliveries({ webhook_id: endpoint.id });
  return { endpoint, secret, deliveryId: d.id };
}

describe('back-off arithmetic', () => {
  it('doubles from 30 s and caps at 6 h', () => {
    expect([1, 2, 3, 4, 5, 10, 11, 12, 30].map(nominalBackoff)).toEqual(
      [30_000, 60_000, 120_000, 240_000, 480_000, 15_360_000, RETRY_CAP_MS, RETRY_CAP_MS, RETRY_CAP_MS]);
  });

  it('jitters within [0.8, 1.2) of the nominal delay, for any attempt and random value', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
      const d = retryDelay(n, r);
      const b = nominalBackoff(n);
      expect(d).toBeGreaterThanOrEqual(Math.floor(0.8 * b));
      expect(d).toBeLessThanOrEqual(Math.ceil(1.2 * b));
    }));
    expect(retryDelay(1, 0)).toBe(24_000);
    expect(retryDelay(1, 0.5)).toBe(30_000);
    expect(retryDelay(1, 0.999999)).toBe(36_000);
  });

  it('takes the larger of the back-off and Retry-After, Retry-After capped at 6 h', () => {
    expect(retryDelay(1, 0.5, 5_000)).toBe(30_000);
    expect(retryDelay(1, 0.5, 600_000)).toBe(600_000);
    expect(retryDelay(1, 0.5, 48 * 3600_000)).toBe(RETRY_CAP_MS);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 00:10:00 GMT', now)).toBe(600_000);
    expect(parseRetryAfter('Sat, 28 Feb 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('dispatcher under a fake clock', () => {
  it('delivers a signed event on 2xx and logs the attempt', async () => {
    const s = setup({ script: () => ({ status: 201, snippet: 'thanks' }) });
    const { deliveryId, secret } = await endpointWithEvent(s);
    expect(await s.dispatcher.runDue()).toBe(1);
    expect(s.row(deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, next_attempt_at: null });
    const call = s.calls[0];
    expect(call.address).toBe('93.184.216.34');
    expect(call.headers['content-type']).toBe('application/json');
    // the fake clock is in 2026; verify the signature at that time
    const realNow = Date.now;
    Date.now = () => s.clock.now();
    try { expect(new Webhook(secret).verify(call.body, call.headers)).toMatchObject({ type: 'sync.completed', connection_id: 'con_1' }); } finally { Date.now = realNow; }
    const d = s.service.getDelivery(deliveryId);
    expect(d.attempts).toEqual([{ at: new Date(s.clock.now()).toISOString(), status_code: 201, duration_ms: expect.any(Number), error: null, response_snippet: 'thanks' }]);
  });

  it('follows the full retry schedule (30 s doubling, 6 h cap) and gives up 24 h after the event', async () => {
    const s = setup({ script: () => ({ status: 500, snippet: 'boom' }) });
    const { deliveryId } = await endpointWithEvent(s);
    const t0 = s.clock.now();
    expect(await s.dispatcher.runDue()).toBe(1);
    // not due again before 30 s
    s.clock.advance(29_999);
    expect(await s.dispatcher.runDue()).toBe(0);
    while (await s.step()) { /* run every attempt */ }
    const offsets = s.calls.map((c) => (c.at - t0) / 1000);
    const expected: number[] = [0];
    for (let n = 1; ; n++) {
      const next = expected[n - 1] + nominalBackoff(n) / 1000;
      if (next * 1000 > GIVE_UP_AFTER_MS) break;
      expected.push(next);
    }
    expect(offsets).toEqual(expected);
    expect(offsets.slice(0, 6)).toEqual([0, 30, 90, 210, 450, 930]);
    expect(offsets.at(-1)).toBe(73_890);
    const d = s.service.getDelivery(deliveryId);
    expect(d.status).toBe('failed');
    expect(d.next_attempt_at).toBeNull();
    expect(d.attempts).toHaveLength(13);
    expect(d.attempts.every((a) => a.status_code === 500 && a.error === 'HTTP 500' && a.response_snippet === 'boom')).toBe(true);
    // the webhook-id is the same on every attempt
    expect(new Set(s.calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
  });

  it('applies jitter within its bounds on the real schedule', async () => {
    for (const [r, factor] of [[0, 0.8], [0.999999, 1.2]] as const) {
      const s = setup({ script: () => ({ status: 503 }), random: () => r });
      const { deliveryId } = await endpointWithEvent(s);
      await s.dispatcher.runDue();
      const first = s.row(deliveryId).next_attempt_at! - s.clock.now();
      expect(first).toBeCloseTo(30_000 * factor, -1);
      await s.step();
      const second = s.row(deliveryId).next_attempt_at! - s.clock.now();
      expect(second).toBeCloseTo(60_000 * factor, -1);
    }
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const s = setup({
      script: (_req, n) => n === 1 ? { status: 429, headers: { 'retry-after': '900' } }
        : n === 2 ? { status: 503, headers: { 'retry-after': new Date(s.clock.now() + 2 * 3600_000).toUTCString() } }
          : n === 3 ? { status: 503, headers: { 'retry-after': '1' } }
            : { status: 200 },
    });
    const { deliveryId } = await endpointWithEvent(s);
    const t0 = s.clock.now();
    await s.dispatcher.runDue();
    expect(s.row(deliveryId).next_attempt_at! - t0).toBe(900_000);
    await s.step();
    const t1 = s.clock.now();
    expect(s.row(deliveryId).next_attempt_at! - t1).toBe(2 * 3600_000);
    await s.step();
    const t2 = s.clock.now();
    expect(s.row(deliveryId).next_attempt_at! - t2).toBe(120_000); // back-off (3rd failure) beats Retry-After: 1
    await s.step();
    expect(s.row(deliveryId).status).toBe('delivered');
  });

  it('disables the endpoint at once on 410 Gone, fails its pending deliveries and reports a system.error', async () => {
    const s = setup({ script: () => ({ status: 410 }) });
    const { endpoint, deliveryId } = await endpointWithEvent(s);
    s.service.enqueue({ type: 'sync.failed', connection_id: 'con_1', data: {} });
    await s.dispatcher.runDue();
    expect(s.calls).toHaveLength(1);
    expect(s.service.getEndpoint(endpoint.id)).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/410 Gone/) });
    expect(s.service.listDeliveries({ webhook_id: endpoint.id }).map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(s.row(deliveryId).attempts).toBe(1);
    expect(s.systemErrors).toEqual([{ connection_id: 'con_1', code: 'webhook_endpoint_gone', message: expect.stringContaining(endpoint.id) }]);
    // nothing new is queued for a disabled endpoint, and nothing is attempted again
    expect(s.service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: {} }).deliveries).toBe(0);
    s.clock.advance(3600_000);
    expect(await s.dispatcher.runDue()).toBe(0);
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const s = setup({ script: () => ({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }) });
    const { deliveryId } = await endpointWithEvent(s);
    await s.dispatcher.runDue();
    const d = s.service.getDelivery(deliveryId);
    expect(d.status).toBe('pending');
    expect(d.attempts[0]).toMatchObject({ status_code: 302, error: expect.stringMatching(/redirect \(302 to http:\/\/169\.254\.169\.254.*not followed/) });
    expect(s.calls).toHaveLength(1);
  });

  it('counts only 2xx as success', async () => {
    for (const [status, ok] of [[200, true], [204, true], [299, true], [199, false], [304, false], [400, false], [404, false], [500, false]] as const) {
      const s = setup({ script: () => ({ status }) });
      const { deliveryId } = await endpointWithEvent(s);
      await s.dispatcher.runDue();
      expect([status, s.row(deliveryId).status]).toEqual([status, ok ? 'delivered' : 'pending']);
    }
  });

  it('records transport errors (no status code) and retries them', async () => {
    const s = setup({ script: (_r, n) => n === 1 ? Object.assign(new Error('connect ECONNREFUSED 93.184.216.34:443'), { code: 'ECONNREFUSED' }) : { status: 200 } });
    const { deliveryId } = await endpointWithEvent(s);
    await s.dispatcher.runDue();
    expect(s.service.getDelivery(deliveryId).attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/ECONNREFUSED/) });
    await s.step();
    expect(s.row(deliveryId).status).toBe('delivered');
  });

  it('re-checks the target at every attempt: a name that now resolves to a private address is refused without connecting', async () => {
    const s = setup({ script: () => ({ status: 500 }) });
    const { deliveryId } = await endpointWithEvent(s);
    await s.dispatcher.runDue();
    expect(s.calls).toHaveLength(1);
    s.dns['hooks.example.com'] = ['10.0.0.5']; // DNS rebinding after the endpoint was saved
    await s.step();
    expect(s.calls).toHaveLength(1);
    const d = s.service.getDelivery(deliveryId);
    expect(d.attempts[1]).toMatchObject({ status_code: null, error: expect.stringMatching(/refused before connecting \(forbidden_address\).*10\.0\.0\.5/) });
    expect(d.status).toBe('pending');
  });

  it('sets failing_since after more than an hour of continuous failures and clears it on success', async () => {
    let fail = true;
    const s = setup({ script: () => ({ status: fail ? 500 : 200 }) });
    const { endpoint } = await endpointWithEvent(s);
    const t0 = s.clock.now();
    await s.dispatcher.runDue();
    while (s.clock.now() - t0 <= 3600_000) {
      expect(s.service.getEndpoint(endpoint.id).failing_since).toBeNull();
      await s.step();
    }
    expect(s.service.getEndpoint(endpoint.id).failing_since).toBe(new Date(t0).toISOString());
    fail = false;
    await s.step();
    expect(s.service.getEndpoint(endpoint.id).failing_since).toBeNull();
    // a new streak starts from scratch
    fail = true;
    s.service.enqueue({ type: 'system.error', connection_id: 'con_1', data: {} });
    await s.dispatcher.runDue();
    expect(s.service.getEndpoint(endpoint.id).failing_since).toBeNull();
  });

  it('keeps per-endpoint order: a younger event waits while an older one is in back-off; other endpoints go on', async () => {
    const failingUntil = new Map<string, number>();
    const s = setup({
      script: (req) => {
        const id = (JSON.parse(req.body) as { data: { n: number } }).data.n;
        const left = failingUntil.get(`${req.url}#${id}`) ?? 0;
        if (left > 0) { failingUntil.set(`${req.url}#${id}`, left - 1); return { status: 500 }; }
        return { status: 200 };
      },
    });
    const a = (await s.service.createEndpoint({ url: 'https://hooks.example.com/a' })).endpoint;
    const b = (await s.service.createEndpoint({ url: 'https://b.example.com/b' })).endpoint;
    for (let n = 1; n <= 4; n++) s.service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { n } });
    failingUntil.set('https://hooks.example.com/a#2', 2); // A's 2nd event fails twice
    await s.dispatcher.runDue();
    const seen = (host: string) => s.calls.filter((c) => c.url.includes(host)).map((c) => (JSON.parse(c.body) as { data: { n: number } }).data.n);
    expect(seen('b.example.com')).toEqual([1, 2, 3, 4]);
    expect(seen('hooks.example.com')).toEqual([1, 2]); // 3 and 4 wait behind 2
    await s.step();
    expect(seen('hooks.example.com')).toEqual([1, 2, 2]);
    await s.step();
    expect(seen('hooks.example.com')).toEqual([1, 2, 2, 2, 3, 4]);
    expect(s.service.listDeliveries({ webhook_id: a.id }).every((d) => d.status === 'delivered')).toBe(true);
    expect(s.service.listDeliveries({ webhook_id: b.id }).every((d) => d.status === 'delivered')).toBe(true);
  });

  it('an event given up as failed releases the next one of its endpoint', async () => {
    const s = setup({ script: (req) => ({ status: (JSON.parse(req.body) as { data: { n: number } }).data.n === 1 ? 500 : 200 }) });
    const { endpoint } = await s.service.createEndpoint({ url: 'https://hooks.example.com/a' });
    s.service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { n: 1 } });
    s.service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { n: 2 } });
    while (await s.step()) { /* until nothing is pending */ }
    expect(s.service.listDeliveries({ webhook_id: endpoint.id }).map((d) => d.status)).toEqual(['delivered', 'failed']);
  });

  it('bounds concurrency across endpoints and runs one attempt per endpoint at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const perEndpoint = new Map<string, number>();
    let maxPerEndpoint = 0;
    const s = setup({
      concurrency: 4,
      script: async (req) => {
        inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
        const n = (perEndpoint.get(req.url) ?? 0) + 1;
        perEndpoint.set(req.url, n); maxPerEndpoint = Math.max(maxPerEndpoint, n);
        await new Promise((r) => setTimeout(r, 3 + Math.random() * 5));
        inFlight--; perEndpoint.set(req.url, n - 1);
        return { status: 200 };
      },
    });
    for (let i = 0; i < 10; i++) await s.service.createEndpoint({ url: `https://hooks.example.com/e${i}` });
    for (let n = 0; n < 5; n++) s.service.enqueue({ type: 'sync.completed', connection_id: 'con_1', data: { n } });
    expect(await s.dispatcher.runDue()).toBe(50);
    expect(maxInFlight).toBe(4);
    expect(maxPerEndpoint).toBe(1);
    for (let i = 0; i < 10; i++) {
      const order = s.calls.filter((c) => c.url.endsWith(`/e${i}`)).map((c) => (JSON.parse(c.body) as { data: { n: number } }).data.n);
      expect(order).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('picks up pending rows after a restart (a new dispatcher on the same database), with the same webhook-id', async () => {
    const s = setup({ script: () => ({ status: 500 }) });
    const { deliveryId } = await endpointWithEvent(s);
    await s.dispatcher.runDue();
    const calls: SendRequest[] = [];
    const fresh = new WebhookDispatcher({
      db: s.db, secrets: (id) => s.service.signingSecrets(id), policy: () => ({ allowInsecure: false, allowedCidrs: [] }),
      resolve: async () => ['93.184.216.34'], clock: s.clock, send: async (r) => { calls.push(r); return { status: 200, headers: {}, snippet: '' }; },
    });
    s.clock.advance(60_000);
    await fresh.runDue();
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['webhook-id']).toBe(s.calls[0].headers['webhook-id']);
    expect(s.row(deliveryId).status).toBe('delivered');
  });

  it('runs in the background with a scheduler: wakes on enqueue and sleeps until the next due time', async () => {
    const timers: { fn: () => void; ms: number }[] = [];
    const s = setup({ script: (_r, n) => ({ status: n === 1 ? 500 : 200 }) });
    const bg = new WebhookDispatcher({
      db: s.db, secrets: (id) => s.service.signingSecrets(id), policy: () => ({ allowInsecure: false, allowedCidrs: [] }),
      resolve: async () => ['93.184.216.34'], clock: s.clock, random: () => 0.5,
      send: async () => ({ status: s.calls.push({} as never) === 1 ? 500 : 200, headers: {}, snippet: '' }),
      scheduler: { setTimer: (fn, ms) => { const t = { fn, ms }; timers.push(t); return t; }, clearTimer: (h) => { const i = timers.indexOf(h as never); if (i >= 0) timers.splice(i, 1); } },
    });
    s.service.onEnqueued = () => bg.wake();
    bg.start();
    const { deliveryId } = await endpointWithEvent(s);
    await expect.poll(() => s.row(deliveryId).attempts).toBe(1);
    await expect.poll(() => timers.some((t) => t.ms === 30_000)).toBe(true);
    s.clock.advance(30_000);
    timers.find((t) => t.ms === 30_000)!.fn();
    await expect.poll(() => s.row(deliveryId).status).toBe('delivered');
    await bg.stop();
  });
});
