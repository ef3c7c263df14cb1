// The installer configuration, checked with electron-builder's own code (no
// installer can be built here: that needs the Electron binary and the NSIS /
// AppImage tools from the internet). electron-builder loads the config file as
// `npm run dist` does and validates it against its schema; its own file matcher
// says which files go into the app and which native files stay outside the ASAR.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import { NATIVE_MODULES } from '../../electron-builder.config.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { getFileMatchers } = require('app-builder-lib/out/fileMatcher.js');
const { DebugLogger } = require('builder-util');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(root, 'electron-builder.config.ts', null);
});

/** electron-builder's filter for one of its file lists, asked about project-relative paths. */
function matcher(name: 'files' | 'asarUnpack') {
  const matchers = getFileMatchers(config, name, '/app', { macroExpander: (p: string) => p, customBuildOptions: config.linux, globalOutDir: path.join(root, 'dist'), defaultSrc: root });
  const filter = matchers[0].createFilter();
  return (rel: string, dir = false) => filter(path.join(root, rel), { isDirectory: () => dir } as fs.Stats) as boolean;
}

describe('installer configuration (electron-builder)', () => {
  it('loads through `npm run dist`\'s command and passes electron-builder\'s schema', async () => {
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder --config electron-builder.config.ts');
    expect(pkg.devDependencies['electron-builder']).toBeDefined();
    await validateConfiguration(config, new DebugLogger(false));
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } }, new DebugLogger(false))).rejects.toThrow(/configuration.nsis should be/);
  });

  it('builds NSIS (Windows), dmg (macOS), AppImage and deb (Linux)', () => {
    const targets = (t: unknown) => (t as { target: string }[]).map((x) => x.target);
    expect(targets(config.win!.target)).toEqual(['nsis']);
    expect(targets(config.mac!.target)).toEqual(['dmg']);
    expect(targets(config.linux!.target)).toEqual(['AppImage', 'deb']);
  });

  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true); // the integrity fuse and onlyLoadAppFromAsar need the app in an ASAR
  });

  it('packs the built app and nothing of the sources, tests or the developer\'s native build', () => {
    const included = matcher('files');
    for (const f of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index.js']) expect(included(f), f).toBe(true);
    expect(included('out', true)).toBe(true);
    for (const f of ['src-main/agent.ts', 'test/unit/service.test.ts', 'out/native/electron-45.5.0/better-sqlite3/build/Release/better_sqlite3.node', 'README.md', '.ci/run']) expect(included(f), f).toBe(false);
    expect(pkg.main).toBe('out/main/index.js');
    // The main process's runtime dependencies come from node_modules: they must be production dependencies.
    for (const dep of ['better-sqlite3', 'keytar', 'fastify', 'got', 'pino', 'zod', 'fflate']) expect(pkg.dependencies[dep], dep).toBeDefined();
  });

  it('rebuilds the native modules for Electron and keeps them out of the ASAR', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
    const unpacked = matcher('asarUnpack');
    expect(NATIVE_MODULES).toEqual(['better-sqlite3', 'keytar']);
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/lib/database.js')).toBe(true);
    expect(unpacked('node_modules/keytar/build/Release/keytar.node')).toBe(true);
    expect(unpacked('node_modules/fastify/fastify.js')).toBe(false);
    expect(unpacked('out/main/index.js')).toBe(false);
    for (const m of NATIVE_MODULES) expect(pkg.dependencies[m], m).toBeDefined();
  });
});
