// Fixtures for the Playwright UI tests: a real headless host (temp data dir,
// real SQLite, the real keychain of the private test session) serving the
// built renderer, and a fresh browser context per test in Debian Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { startTestHost } from '../support/agent-host.js';
import { fakeSystem } from '../support/fake-system.js';

export const CHROMIUM = process.env.MILLWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

/**
 * Where a README picture goes: docs/screenshots/ when the run is asked to refresh
 * them (`MILLWRIGHT_DOCS_SCREENSHOTS=1 npm test`), else beside the other test
 * screenshots, so an ordinary test run leaves the work tree clean.
 */
export function docsScreenshot(name: string): string {
  const dir = process.env.MILLWRIGHT_DOCS_SCREENSHOTS === '1' ? path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : SCREENSHOTS;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
const RENDERER_INDEX = path.join(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html');

export function assertRendererBuilt(): void {
  if (!fs.existsSync(RENDERER_INDEX)) throw new Error('out/renderer is not built: run `npx electron-vite build` first (npm test does).');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
  });
}

export interface Ui {
  host: Awaited<ReturnType<typeof startTestHost>>['host'];
  admin: Awaited<ReturnType<typeof startTestHost>>['admin'];
  context: BrowserContext;
  page: Page;
  /** Errors the page logged or threw: a test fails on any. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Everything a page does wrong, for the shared afterEach: uncaught errors, any
 * console error (a CSP complaint included) and failed loads. Admin operations
 * answer 4xx by design (a wrong password is a 422); a 5xx, or a missing page
 * asset, is a bug.
 */
export function watchPage(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // a failed fetch also logs "Failed to load resource": the response listener below judges it
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('response', (res) => {
    const { pathname } = new URL(res.url());
    if (res.status() >= 500 || (res.status() >= 400 && !pathname.startsWith('/admin/'))) errors.push(`${res.status()} ${pathname}`);
  });
  return errors;
}

/** A host with its own data dir and a page signed in to its admin UI. */
export async function openUi(browser: Browser): Promise<Ui> {
  assertRendererBuilt();
  fakeSystem.password = 'right';
  fakeSystem.down = false;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-e2e-'));
  // startTestHost registers its own afterAll, which vitest ignores when called
  // from a test; close() below is what stops the host (close is idempotent).
  const { host, admin } = await startTestHost(dataDir);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1, permissions: [] });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors = watchPage(page);
  await page.goto(`${host.adminUrl}/#token=${host.adminToken}`);
  return {
    host, admin, context, page, pageErrors,
    async close() {
      await context.close().catch(() => {});
      await host.close();
      fakeSystem.password = 'right';
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The fixture of every UI spec: one browser for the file and a fresh host and
 * page per test, closed after it; a test fails on any page error (see
 * watchPage: console errors included). Returns the current test's Ui.
 */
export function uiPerTest(): () => Ui {
  let browser: Browser;
  let ui: Ui;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });
  beforeEach(async () => { ui = await openUi(browser); });
  afterEach(async () => {
    const errors = ui.pageErrors;
    await ui.close();
    expect(errors).toEqual([]);
  });
  return () => ui;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Let CSS transitions (modals, notifications) settle on a visible frame, then capture.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Calls the unified API with a connection token; returns the HTTP status. */
export async function apiStatus(apiUrl: string, token: string, route = '/v1/connection'): Promise<number> {
  const res = await fetch(`${apiUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}
