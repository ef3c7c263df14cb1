// How a connector is configured for one connection: where the system is, the
// credentials, the transport options, the system's own declared options, and
// the gate every request of the connection passes through.
import type { Deployment } from '../../contract/systems.js';

/** Runs one request of a connection; the seam for a per-connection limit on concurrent requests. */
export type Gate = <T>(run: () => Promise<T>) => Promise<T>;
export const openGate: Gate = (run) => run();

export interface ConnectorConfig {
  connectionId: string;
  deployment: Deployment;
  baseUrl: string | null;
  credentials: Record<string, string>;
  options: { ca_cert?: string; proxy_url?: string; allow_insecure?: boolean };
  /** The values of the options the system declares (SAP: sap_client). */
  system?: Record<string, string>;
  /** Every request of the connection runs through it (default: at once). */
  gate?: Gate;
}

