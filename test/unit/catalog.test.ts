import { describe, expect, it } from 'vitest';
import { entityNames } from '../../src-main/contract/unified.js';
import { creditCost, describeSystem } from '../../src-main/systems/kit/definition.js';
import { findSystem, systems } from '../../src-main/systems/registry.js';

describe('systems catalog and the credit rule', () => {
  const cost = (id: string) => describeSystem(findSystem(id)!).credits;

  it.each([
    ['sap-s4hana', { cloud: 4, on_prem: 8 }],
    ['sap-ecc', { cloud: null, on_prem: 8 }],
    ['ibm-maximo', { cloud: 2, on_prem: 4 }],
    ['upkeep', { cloud: 1, on_prem: null }],
    ['sandbox', { cloud: 0, on_prem: null }],
  ])('%s costs %o', (id, expected) => {
    expect(cost(id)).toEqual(expected);
  });

  it('doubles every tier on-prem', () => {
    for (const tier of [1, 2, 3] as const) expect(creditCost({ tier }, 'on_prem')).toBe(2 * creditCost({ tier }, 'cloud'));
    expect(creditCost({ tier: null }, 'on_prem')).toBe(0);
  });

  it('lists the tiers the README gives', () => {
    expect(Object.fromEntries(systems.map((r) => [r.id, r.tier]))).toEqual({ 'sap-s4hana': 3, 'sap-ecc': 3, 'ibm-maximo': 2, upkeep: 1, sandbox: null });
  });

  it('describes each system’s own options as data the Add connection screen can draw', () => {
    for (const id of ['sap-s4hana', 'sap-ecc']) {
      expect(describeSystem(findSystem(id)!).options).toEqual([
        expect.objectContaining({ key: 'sap_client', label: expect.any(String), schema: expect.objectContaining({ type: 'string', pattern: expect.any(String) }) }),
      ]);
    }
    expect(describeSystem(findSystem('upkeep')!).options).toEqual([]);
  });

  it('every system declares every entity, or says why it has none', () => {
    for (const s of systems) {
      const declared = describeSystem(s).entities.map((e) => e.entity);
      for (const e of entityNames) {
        const absent = s.connector?.absent?.[e];
        expect(declared.includes(e) !== (absent !== undefined), `${s.id} ${e}: declared or absent, not both`).toBe(true);
        if (absent) expect(absent.reason, `${s.id} ${e}`).toMatch(/\w{3}.*\w{3}/);
      }
    }
    // UpKeep has no purchase requisitions: its purchases are purchase orders from the start
    expect(findSystem('upkeep')!.connector!.absent!['purchase-requisitions']!.reason).toMatch(/no purchase requisitions/);
  });
});
