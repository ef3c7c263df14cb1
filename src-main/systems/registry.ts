// Which systems have a connector. A catalog row without one here is listed with
// its costs but refuses to connect with `not_implemented`.
import type { ConnectorFactory } from './connector.js';
import { createSandboxConnector } from './sandbox/connector.js';
import { createUpKeepConnector } from './upkeep/connector.js';
import { createMaximoConnector } from './ibm-maximo/connector.js';
import { createSapS4hanaConnector } from './sap-s4hana/connector.js';
import { createSapEccConnector } from './sap-ecc/connector.js';

export const connectorFactories: Record<string, ConnectorFactory> = {
  sandbox: (config) => createSandboxConnector(config),
  upkeep: (config) => createUpKeepConnector(config),
  'ibm-maximo': (config) => createMaximoConnector(config),
  'sap-s4hana': (config) => createSapS4hanaConnector(config),
  'sap-ecc': (config) => createSapEccConnector(config),
};
