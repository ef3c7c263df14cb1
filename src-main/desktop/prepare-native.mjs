#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into out/native/, beside (not over)
// the Node build in node_modules that the headless agent and the tests use. The
// desktop main process loads it through MILLWRIGHT_SQLITE_BINDING. Needs the
// Electron headers (downloaded from electronjs.org by node-gyp), so it runs only
// for `npm start` / packaging, never in install or test. keytar is N-API: no rebuild.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');
const electronVersion = require('electron/package.json').version;
const target = path.join(root, 'out', 'native', `electron-${electronVersion}`, 'better-sqlite3');
const binding = path.join(target, 'build', 'Release', 'better_sqlite3.node');

if (fs.existsSync(binding)) {
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${binding}`);
  process.exit(0);
}
fs.rmSync(target, { recursive: true, force: true });
fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), target, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
const nodeGyp = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const gyp = fs.existsSync(nodeGyp) ? [process.execPath, nodeGyp] : ['npx', '--yes', 'node-gyp'];
console.log(`Building better-sqlite3 for Electron ${electronVersion} (downloads the Electron headers once)…`);
execFileSync(gyp[0], [...gyp.slice(1), 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: target, stdio: 'inherit' });
console.log(`better-sqlite3 for Electron ${electronVersion}: ${binding}`);
