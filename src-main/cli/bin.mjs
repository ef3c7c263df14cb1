#!/usr/bin/env node
// The `millwright` command. Runs the TypeScript sources through tsx, so the bin
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
