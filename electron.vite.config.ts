// electron-vite builds three targets:
//   main     src-main/desktop/main.ts    → out/main/index.js     (ESM; package deps stay external)
//            src-main/cli/bin.ts         → out/main/cli.js       (the `millwright` bin: CLI and headless agent)
//            with the code both share in out/main/chunks/: one build, one agent, two hosts
//   preload  src-main/desktop/preload.ts → out/preload/index.cjs (ONE CommonJS file requiring only
//            `electron`: a sandboxed preload can load nothing else)
//   renderer src-renderer/index.html     → out/renderer/
import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src-main/desktop/security.js';

const root = import.meta.dirname;

/**
 * The CSP meta tag in index.html is the strict one; under the dev server React
 * Refresh needs an inline preamble and an HMR websocket, so serve a relaxed copy.
 */
function devContentSecurityPolicy(): Plugin {
  let devServerUrl = 'http://localhost:5173';
  return {
    name: 'millwright:dev-csp',
    apply: 'serve',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const url = server.resolvedUrls?.local[0];
        if (url) devServerUrl = url;
      });
    },
    transformIndexHtml(html) {
      return html.replace(contentSecurityPolicy(), contentSecurityPolicy({ devServerUrl }));
    },
  };
}

/** The bin must be executable: npm links it as is, and `./out/main/cli.js` should run. */
function executableBin(file: string): Plugin {
  return {
    name: 'millwright:executable-bin',
    apply: 'build',
    writeBundle(options) {
      chmodSync(resolve(options.dir ?? '', file), 0o755);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [executableBin('cli.js')],
    build: {
      // better-sqlite3 and keytar are native; got, fastify, pino, zod … ship in node_modules.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/desktop/main.ts'), cli: resolve(root, 'src-main/cli/bin.ts') },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // Bundle everything (there is nothing but our own code and `electron`).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/desktop/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
        // early.ts and the client it uses in a chunk of their own: the entry
        // imports it before the chunk with React and Mantine, so it runs (and
        // sends the first screen's requests) before those are evaluated.
        output: {
          codeSplitting: {
            groups: [{ name: 'early', test: /src-renderer\/src\/(early\.ts|client\/)|src-main\/(admin\/client|contract\/admin-routes)\.ts/ }],
          },
        },
      },
    },
  },
});
