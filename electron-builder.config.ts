// Installers for the desktop app (`npm run dist`, on a machine with internet:
// electron-builder downloads Electron, NSIS and the AppImage tools on first
// use). What goes in: the electron-vite build (out/main, out/preload,
// out/renderer) and the production dependencies; the native modules
// (better-sqlite3, keytar) are rebuilt for Electron's ABI by electron-builder
// (npmRebuild) and kept outside the ASAR, because a .node file cannot be loaded
// from inside an archive. The fuses switch off what a packaged app does not need
// and an attacker could use (running as plain Node, NODE_OPTIONS, --inspect) and
// make Electron load only the integrity-checked app.asar.
import type { Configuration } from 'electron-builder';

/** Native modules: rebuilt for Electron and unpacked from the ASAR. */
export const NATIVE_MODULES = ['better-sqlite3', 'keytar'] as const;

const config = {
  appId: 'com.millwright.agent',
  productName: 'Millwright',
  executableName: 'millwright-desktop',
  copyright: 'Copyright © Millwright',
  directories: { output: 'dist', buildResources: 'build' },
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    // The developer's Electron build of better-sqlite3 (npm start); the installer rebuilds its own.
    '!out/native/**',
  ],
  asar: true,
  asarUnpack: NATIVE_MODULES.map((m) => `node_modules/${m}/**`),
  npmRebuild: true,
  buildDependenciesFromSource: false,
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true, shortcutName: 'Millwright' },
  mac: { target: [{ target: 'dmg', arch: ['x64', 'arm64'] }], category: 'public.app-category.business', hardenedRuntime: true },
  dmg: { title: 'Millwright ${version}' },
  linux: {
    target: [{ target: 'AppImage', arch: ['x64'] }, { target: 'deb', arch: ['x64'] }],
    category: 'Utility',
    maintainer: 'Millwright <support@millwright.example>',
    synopsis: 'Plant systems (SAP, Maximo, CMMS) behind one unified API',
  },
  // The keychain on Linux is the Secret Service: libsecret, and GNOME Keyring where no desktop provides one.
  deb: { depends: ['libsecret-1-0', 'libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'], recommends: ['gnome-keyring'] },
} satisfies Configuration;

export default config;
