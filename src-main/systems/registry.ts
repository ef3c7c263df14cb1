// The systems Millwright knows: one line per system. A system is its folder
// (definition, client, raw wire types, a mapper per entity, writes, errors)
// and its line here; the catalog, the connect forms, the CLI and the sync all
// read the definitions.
import type { SystemDefinition } from './kit/definition.js';
import { sapS4hana } from './sap-s4hana/definition.js';
import { sapEcc } from './sap-ecc/definition.js';
import { ibmMaximo } from './ibm-maximo/definition.js';
import { upkeep } from './upkeep/definition.js';
import { sandbox } from './sandbox/definition.js';

export const systems: readonly SystemDefinition[] = [sapS4hana, sapEcc, ibmMaximo, upkeep, sandbox];

export function findSystem(id: string, list: readonly SystemDefinition[] = systems): SystemDefinition | undefined {
  return list.find((s) => s.id === id);
}
