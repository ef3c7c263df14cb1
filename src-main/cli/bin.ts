#!/usr/bin/env node
// The `millwright` command's entry. Built with the desktop main by electron-vite
// into out/main/cli.js (the package's bin): plain JavaScript, no TypeScript at
// run time. It loads only the CLI's own small modules; `millwright agent` loads
// the agent when it is asked for.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
