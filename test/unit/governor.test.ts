// The load governor's gate: never more in flight than the cap, first come first
// served, a changed cap applies at once, a failure frees its slot.
import { describe, expect, it } from 'vitest';
import { LoadGovernor } from '../../src-main/connections/governor.js';

function probe() {
  let active = 0;
  let max = 0;
  const order: number[] = [];
  const task = (n: number, ms = 5) => async () => {
    active++;
    max = Math.max(max, active);
    order.push(n);
    await new Promise((r) => setTimeout(r, ms));
    active--;
    return n;
  };
  return { task, get max() { return max; }, order };
}

describe('the load governor', () => {
  it('lets at most the cap through, in arrival order, per connection', async () => {
    let cap = 2;
    const g = new LoadGovernor(() => cap);
    const a = probe();
    const b = probe();
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => g.gate('con_a')(a.task(i))),
      ...Array.from({ length: 5 }, (_, i) => g.gate('con_b')(b.task(i))),
    ]);
    expect(results.slice(0, 10)).toEqual([...Array(10).keys()]);
    expect(a.max).toBe(2);
    expect(b.max).toBe(2); // each connection has its own gate
    expect(a.order).toEqual([...Array(10).keys()]);
    cap = 5;
    const c = probe();
    await Promise.all(Array.from({ length: 12 }, (_, i) => g.gate('con_a')(c.task(i))));
    expect(c.max).toBe(5);
    expect(g.load('con_a')).toEqual({ active: 0, queued: 0 });
  });

  it('a raised cap lets waiting requests in; a failing request frees its slot', async () => {
    let cap = 1;
    const g = new LoadGovernor(() => cap);
    const p = probe();
    const gate = g.gate('con_x');
    const failing = gate(async () => { throw new Error('boom'); });
    const slow = Array.from({ length: 4 }, (_, i) => gate(p.task(i, 30)));
    await expect(failing).rejects.toThrow('boom');
    cap = 4;
    await Promise.all([...slow, gate(p.task(9, 1))]);
    expect(p.max).toBeGreaterThan(1);
    expect(p.max).toBeLessThanOrEqual(4);
  });

  it('a cap below 1 still lets one through', async () => {
    const g = new LoadGovernor(() => 0);
    expect(await g.gate('con_z')(async () => 42)).toBe(42);
  });
});
