// The admin operation names for the preload bridge: the preload is bundled for a
// sandboxed renderer and must not pull in zod or the contract's schemas, so it
// takes the names from the zod-free route table.
export { adminOperationNames } from '../contract/admin-routes.js';
