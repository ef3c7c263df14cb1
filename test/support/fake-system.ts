// A test-only system: catalog rows at every tier and a connector whose
// credentials are right when the password is "right". Lets the credit and
// lifecycle tests exercise costs without a real system.
import { catalogRows, type CatalogRow } from '../../src-main/systems/catalog.js';
import { connectorFactories } from '../../src-main/systems/registry.js';
import { ConnectorError, type Connector, type ConnectorFactory } from '../../src-main/systems/connector.js';

export const testRows: CatalogRow[] = ([1, 2, 3] as const).map((tier) => ({
  id: `test-tier${tier}`, name: `Test tier ${tier}`, description: 'test-only system', tier,
  deployments: ['cloud', 'on_prem'], needsUrl: false, defaultUrl: null,
  credentialSets: [[{ key: 'username', label: 'User', secret: false }, { key: 'password', label: 'Password', secret: true }]],
}));

export const fakeSystem = { password: 'right', down: false };

const fakeConnector: ConnectorFactory = (config) => {
  const connector: Connector = {
    reportsDeletions: true,
    async verify() {
      if (fakeSystem.down) throw new ConnectorError('unreachable', 'connection refused');
      if (config.credentials.password !== fakeSystem.password) throw new ConnectorError('auth', 'Name or password is incorrect');
    },
    async health() { await connector.verify(); },
    async listChanges() { return { records: [], deleted: [], nextCursor: null }; },
    async getOne() { return null; },
    async createPurchaseOrder() { throw new ConnectorError('system', 'not supported'); },
    async updateWorkOrder() { throw new ConnectorError('system', 'not supported'); },
    classify: (err) => (err instanceof ConnectorError ? err : new ConnectorError('system', String(err))),
  };
  return connector;
};

/** A catalog row with no connector: connecting it is refused with not_implemented. */
export const unimplementedRow: CatalogRow = {
  id: 'test-unimplemented', name: 'Test without connector', description: 'test-only system', tier: 2, deployments: ['on_prem'],
  needsUrl: true, defaultUrl: null, credentialSets: [[{ key: 'username', label: 'User', secret: false }, { key: 'password', label: 'Password', secret: true }]],
};

export const testCatalog = [...catalogRows, ...testRows, unimplementedRow];
export const testFactories: Record<string, ConnectorFactory> = {
  ...connectorFactories,
  ...Object.fromEntries(testRows.map((r) => [r.id, fakeConnector])),
};
export const creds = (password = 'right') => ({ username: 'svc', password });

/** Test files run in parallel processes; each keeps its secrets under its own keychain service. */
export const testKeychainService = process.env.MILLWRIGHT_TEST_KEYCHAIN_SERVICE ?? `millwright-test-${process.pid}`;
