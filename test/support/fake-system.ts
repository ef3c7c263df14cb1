// Test-only systems: definitions at every tier whose credentials are right when
// the password is "right", with every entity (empty). Lets the credit and
// lifecycle tests exercise costs without a real system.
import { systems } from '../../src-main/systems/registry.js';
import { classifyDefault } from '../../src-main/systems/kit/connector.js';
import type { EntityDeclaration, SystemDefinition } from '../../src-main/systems/kit/definition.js';
import { entityNames } from '../../src-main/contract/unified.js';
import { ConnectorError } from '../../src-main/systems/kit/errors.js';
import { pages } from '../../src-main/systems/kit/paging.js';
import { z } from 'zod';

export const fakeSystem = { password: 'right', down: false };

const userPassword = [{ key: 'username', label: 'User', secret: false }, { key: 'password', label: 'Password', secret: true }];

/** An entity with no records. */
const empty: EntityDeclaration<unknown> = {
  source: 'nothing',
  listings: [{ paging: pages({ more: 'until_empty', position: z.null(), fetch: async () => ({ rows: [], signal: false, after: null }) }), map: () => { throw new Error('no rows'); }, idOf: () => null }],
  get: async () => null,
};

function fake(tier: 1 | 2 | 3): SystemDefinition<Record<string, string | undefined>> {
  return {
    id: `test-tier${tier}`, name: `Test tier ${tier}`, description: 'test-only system', tier,
    deployments: ['cloud', 'on_prem'], url: { needed: false, default: null }, credentialSets: [userPassword], options: [],
    connector: {
      client: (config) => ({ ...config.credentials }),
      classify: classifyDefault,
      async auth(c) {
        if (fakeSystem.down) throw new ConnectorError('unreachable', 'connection refused');
        if (c.password !== fakeSystem.password) throw new ConnectorError('auth', 'Name or password is incorrect');
      },
      deletions: 'reported',
      entities: Object.fromEntries(entityNames.map((e) => [e, empty])),
      writes: {
        async createPurchaseOrder() { throw new ConnectorError('system', 'not supported'); },
        async updateWorkOrder() { throw new ConnectorError('system', 'not supported'); },
        async recordMeterReading() { throw new ConnectorError('system', 'not supported'); },
        async createServiceRequest() { throw new ConnectorError('system', 'not supported'); },
      },
    },
  };
}

export const testSystems = ([1, 2, 3] as const).map(fake);

/** A system in the catalog without a connector: connecting it is refused with not_implemented. */
export const unimplemented: SystemDefinition = {
  id: 'test-unimplemented', name: 'Test without connector', description: 'test-only system', tier: 2, deployments: ['on_prem'],
  url: { needed: true, default: null }, credentialSets: [userPassword], options: [],
};

export const allTestSystems: readonly SystemDefinition[] = [...systems, ...testSystems, unimplemented];
export const creds = (password = 'right') => ({ username: 'svc', password });

/** Test files run in parallel processes; each keeps its secrets under its own keychain service. */
export const testKeychainService = process.env.MILLWRIGHT_TEST_KEYCHAIN_SERVICE ?? `millwright-test-${process.pid}`;
