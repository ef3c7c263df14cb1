import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestAgent, creditInvariant } from '../support/agent.js';
import { creds } from '../support/fake-system.js';
import type { Agent } from '../../src-main/agent.js';
import type { AdminApi } from '../../src-main/contract/admin.js';
import { MillwrightError } from '../../src-main/contract/errors.js';

let agent: Agent;
let api: AdminApi;
beforeAll(async () => ({ agent, api } = await openTestAgent()));
afterAll(() => agent.close());

const connect = (system: string, deployment: 'cloud' | 'on_prem' = 'cloud', name = system) =>
  api.connect({ system, deployment, name, credentials: creds() });

async function resetPool(pool: number) {
  for (const c of (await api.listConnections({})).data) await api.disconnect({ id: c.id });
  await api.patchSettings({ 'credits.pool': pool });
}

describe('credits', () => {
  it('start with a pool of 16, nothing used', async () => {
    const c = await api.credits({});
    expect(c).toMatchObject({ pool: 16, used: 0, available: 16 });
  });

  it('the sandbox is free', async () => {
    const r = await api.connect({ system: 'sandbox', name: 'Demo' });
    expect(r.connection).toMatchObject({ credits: 0, status: 'active' });
    expect(await api.credits({})).toMatchObject({ used: 0, available: 16 });
    await api.disconnect({ id: r.connection.id });
  });

  it('consume the tier cost on connect, doubled on-prem, and give it back on disconnect', async () => {
    await resetPool(16);
    const a = await connect('test-tier3', 'on_prem');
    expect(a.connection).toMatchObject({ credits: 8, status: 'active' });
    expect(a.credits_missing).toBe(0);
    const b = await connect('test-tier2', 'cloud');
    expect(b.connection.credits).toBe(2);
    let c = await api.credits({});
    expect(c).toMatchObject({ used: 10, available: 6 });
    expect(c.ledger[0]).toMatchObject({ kind: 'consume', connection_id: b.connection.id, amount: 2, balance_after: 6 });
    const gone = await api.disconnect({ id: a.connection.id });
    expect(gone.credits_returned).toBe(8);
    c = await api.credits({});
    expect(c).toMatchObject({ used: 2, available: 14 });
    expect(c.ledger[0]).toMatchObject({ kind: 'return', connection_id: a.connection.id, amount: 8, balance_after: 14, reason: 'disconnected' });
  });

  it('save a connection inactive when credits are short, say how many are missing, and activate it later', async () => {
    await resetPool(10);
    await connect('test-tier3', 'on_prem'); // 8 → 2 left
    const short = await connect('test-tier2', 'on_prem'); // costs 4
    expect(short.connection.status).toBe('inactive');
    expect(short.credits_missing).toBe(2);
    expect(short.token).toMatch(/^mwk_/);
    expect((await api.credits({})).used).toBe(8);
    await expect(api.activate({ id: short.connection.id })).rejects.toMatchObject({ code: 'insufficient_credits', details: { credits_missing: 2 } });
    await api.patchSettings({ 'credits.pool': 12 });
    const active = await api.activate({ id: short.connection.id });
    expect(active.status).toBe('active');
    expect(await api.credits({})).toMatchObject({ used: 12, available: 0 });
  });

  it('return credits on deactivate, and consume again on activate', async () => {
    await resetPool(16);
    const a = await connect('test-tier1', 'on_prem');
    expect((await api.deactivate({ id: a.connection.id })).status).toBe('inactive');
    expect((await api.credits({})).used).toBe(0);
    expect((await api.deactivate({ id: a.connection.id })).status).toBe('inactive'); // idempotent, no double return
    expect((await api.credits({})).used).toBe(0);
    await api.activate({ id: a.connection.id });
    expect((await api.credits({})).used).toBe(2);
    const gone = await api.disconnect({ id: a.connection.id });
    expect(gone.credits_returned).toBe(2);
  });

  it('an inactive connection returns nothing on disconnect', async () => {
    await resetPool(0);
    const a = await connect('test-tier1');
    expect(a.connection.status).toBe('inactive');
    expect((await api.disconnect({ id: a.connection.id })).credits_returned).toBe(0);
    expect((await api.credits({})).used).toBe(0);
  });

  it('refuse a pool smaller than the credits in use', async () => {
    await resetPool(16);
    await connect('test-tier3', 'on_prem');
    await expect(api.patchSettings({ 'credits.pool': 7 })).rejects.toMatchObject({ code: 'conflict' });
    expect((await api.getSettings({}))['credits.pool']).toBe(16);
  });

  it('many connects at once never overspend the pool', async () => {
    await resetPool(10);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => connect('test-tier2', 'cloud', `c${i}`)));
    expect(results.filter((r) => r.connection.status === 'active')).toHaveLength(5);
    expect(results.filter((r) => r.connection.status === 'inactive').every((r) => r.credits_missing === 2)).toBe(true);
    const inv = creditInvariant(agent);
    expect(inv).toMatchObject({ used: 10, held: 10, available: 0 });
  });

  it('keep the invariant under any interleaving of operations (property-based)', async () => {
    type Op = { kind: 'connect'; tier: 1 | 2 | 3; onPrem: boolean } | { kind: 'activate' | 'deactivate' | 'disconnect'; pick: number } | { kind: 'pool'; pool: number } | { kind: 'authRequired'; pick: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('connect' as const), tier: fc.constantFrom(1 as const, 2 as const, 3 as const), onPrem: fc.boolean() }),
      fc.record({ kind: fc.constantFrom('activate' as const, 'deactivate' as const, 'disconnect' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('authRequired' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pool' as const), pool: fc.integer({ min: 0, max: 24 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), async (batches) => {
      await resetPool(16);
      for (const batch of batches) {
        const ids = (await api.listConnections({})).data.map((c) => c.id);
        // Each batch runs concurrently: the interleaving is up to the event loop.
        await Promise.allSettled(batch.map(async (op) => {
          if (op.kind === 'connect') return connect(`test-tier${op.tier}`, op.onPrem ? 'on_prem' : 'cloud');
          if (op.kind === 'pool') return api.patchSettings({ 'credits.pool': op.pool }).catch((e) => { if (!(e instanceof MillwrightError)) throw e; });
          const id = ids[op.pick % Math.max(ids.length, 1)];
          if (!id) return;
          if (op.kind === 'authRequired') return agent.connections.markAuthRequired(id, 'test');
          return api[op.kind]({ id }).catch((e) => { if (!(e instanceof MillwrightError)) throw e; });
        }));
        const inv = creditInvariant(agent);
        expect(inv.used).toBe(inv.held);
        expect(inv.available).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: 25 });
  });
});
