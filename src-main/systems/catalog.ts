// The systems catalog is data: one row per system. Adding a system means one row
// here and one folder with its connector. The credit rule lives beside it.
import type { Deployment, System } from '../contract/systems.js';

export type Tier = 1 | 2 | 3;

export interface CatalogRow {
  id: string;
  name: string;
  description: string;
  /** null: free (the sandbox). */
  tier: Tier | null;
  deployments: Deployment[];
  needsUrl: boolean;
  defaultUrl: string | null;
  /** Alternative credential sets (Maximo: an API key, or a user and password). */
  credentialSets: { key: string; label: string; secret: boolean; optional?: boolean }[][];
}

/** Credits a tier costs in the cloud; on-premises costs double (CONTRACT §1). */
export const tierCredits: Record<Tier, number> = { 1: 1, 2: 2, 3: 4 };
export const ON_PREM_MULTIPLIER = 2;

const userPassword = [
  { key: 'username', label: 'User', secret: false },
  { key: 'password', label: 'Password', secret: true },
];

export const catalogRows: CatalogRow[] = [
  {
    id: 'sap-s4hana', name: 'SAP S/4HANA', tier: 3, deployments: ['cloud', 'on_prem'], needsUrl: true, defaultUrl: null,
    description: 'SAP S/4HANA through its OData v2 APIs (purchase orders, maintenance orders, equipment, suppliers, stock, plants).',
    credentialSets: [userPassword],
  },
  {
    id: 'sap-ecc', name: 'SAP ECC 6.0', tier: 3, deployments: ['on_prem'], needsUrl: true, defaultUrl: null,
    description: 'SAP ECC 6.0 through BAPIs over SOAP-RFC (/sap/bc/soap/rfc).',
    credentialSets: [userPassword],
  },
  {
    id: 'ibm-maximo', name: 'IBM Maximo', tier: 2, deployments: ['cloud', 'on_prem'], needsUrl: true, defaultUrl: null,
    description: 'IBM Maximo 7.6 (on-prem) and Maximo Application Suite (cloud) through the OSLC REST JSON API.',
    credentialSets: [[{ key: 'api_key', label: 'API key', secret: true }], userPassword],
  },
  {
    id: 'upkeep', name: 'UpKeep', tier: 1, deployments: ['cloud'], needsUrl: false, defaultUrl: 'https://api.onupkeep.com',
    description: 'UpKeep cloud CMMS through its REST API.',
    credentialSets: [[{ key: 'email', label: 'Email', secret: false }, { key: 'password', label: 'Password', secret: true }]],
  },
  {
    id: 'sandbox', name: 'Sandbox', tier: null, deployments: ['cloud'], needsUrl: false, defaultUrl: null,
    description: 'Bundled sample data from a fictional plant: try the unified API without a real system. Read-only, free.',
    credentialSets: [[]],
  },
];

export function creditCost(row: Pick<CatalogRow, 'tier'>, deployment: Deployment): number {
  if (row.tier === null) return 0;
  return tierCredits[row.tier] * (deployment === 'on_prem' ? ON_PREM_MULTIPLIER : 1);
}

export function findSystem(id: string, rows: CatalogRow[] = catalogRows): CatalogRow | undefined {
  return rows.find((r) => r.id === id);
}

/** The public shape (CONTRACT §5), given which systems have a connector. */
export function toSystem(row: CatalogRow, implemented: boolean): System {
  const cost = (d: Deployment) => (row.deployments.includes(d) ? creditCost(row, d) : null);
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    deployments: row.deployments,
    credits: { cloud: cost('cloud'), on_prem: cost('on_prem') },
    description: row.description,
    implemented,
    needs_url: row.needsUrl,
    credential_sets: row.credentialSets,
    default_url: row.defaultUrl,
  };
}
