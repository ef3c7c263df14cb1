// The admin operation names, as plain strings, for the preload bridge: the
// preload is bundled for a sandboxed renderer and must not pull in zod or the
// contract's schemas, so it imports this list instead of `adminOperations`.
// Both checks below fail the typecheck if the list and the contract drift.
import type { AdminOperationName } from '../contract/admin.js';

export const adminOperationNames = [
  'listSystems',
  'listConnections',
  'getConnection',
  'connect',
  'testConnection',
  'updateConnection',
  'reconnect',
  'activate',
  'deactivate',
  'disconnect',
  'revealToken',
  'rotateToken',
  'syncNow',
  'listSyncs',
  'credits',
  'getSettings',
  'patchSettings',
] as const satisfies readonly AdminOperationName[];

type Missing = Exclude<AdminOperationName, (typeof adminOperationNames)[number]>;
/** Compile-time: `true` only when every operation of the contract is listed. */
export const coversEveryOperation: [Missing] extends [never] ? true : { missing: Missing } = true;
