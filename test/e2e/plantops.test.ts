// Running it at a plant, in the admin UI (Debian Chromium, real agent): the
// Diagnose panel against the Maximo emulator behind a TLS front whose
// certificate has expired, then fixed; Settings → Backup and restore (download,
// a wrong passphrase, a refusal without "replace", a restore) and Support
// (download the bundle). Their README pictures are written by docsScreenshot.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Download } from 'playwright';
import { startMaximoEmulator, type MaximoEmulator } from '../emulators/ibm-maximo/index.js';
import { plantPki, startTlsFront, type TlsFront } from '../support/plant-network.js';
import { docsScreenshot, screenshot, SCREENSHOTS, uiPerTest } from './support.js';
import { AppPage } from './pages/AppPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { ConnectionDetailPage } from './pages/ConnectionDetailPage.js';
import { BackupPart, DiagnosePart, SupportPart } from './pages/PlantOpsParts.js';

/** The app's sticky header would cover the top of a section captured on its own. */
const sectionShot = { animations: 'disabled' as const, style: '.mantine-AppShell-header { visibility: hidden !important; }' };
const PASSPHRASE = 'riverside backup 2026';

const current = uiPerTest();

async function saved(download: Download): Promise<Buffer> {
  const file = path.join(SCREENSHOTS, 'downloads', download.suggestedFilename());
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await download.saveAs(file);
  return fs.readFileSync(file);
}

describe('Diagnose panel', () => {
  let emu: MaximoEmulator;
  let front: TlsFront;
  beforeEach(async () => {
    emu = await startMaximoEmulator({ seed: 5, size: { workOrders: 10, purchaseOrders: 5, assets: 6, inventory: 5, vendors: 3, locations: 3 } });
    front = await startTlsFront(emu.port, plantPki().good);
  });
  afterEach(async () => { await front.close(); await emu.close(); });

  it('shows each check; an expired certificate is named with its fix and the later checks are not run', async () => {
    const { page, admin, host } = current();
    const r = await admin('POST', '/admin/v1/connections', {
      system: 'ibm-maximo', deployment: 'on_prem', name: 'Maximo Plant 1', base_url: `https://127.0.0.1:${front.port}`,
      credentials: { api_key: emu.credentials.api_key }, options: { ca_cert: plantPki().caCert },
    });
    expect(r.status).toBe(201);
    await host.agent.sync.whenDone(r.body.connection.id);
    front.useCertificate(plantPki().expired);

    const list = new ConnectionsPage(page);
    await list.waitReady();
    await list.open('Maximo Plant 1').click();
    await new ConnectionDetailPage(page).heading('Maximo Plant 1').waitFor();
    const diagnose = new DiagnosePart(page);
    await diagnose.region.getByText('Not diagnosed yet').waitFor();
    await diagnose.run.click();
    await diagnose.check('Certificate (TLS)', 'failed').waitFor();
    await expect(diagnose.check('Certificate (TLS)', 'failed').textContent()).resolves.toMatch(/expired on 2020-02-01: ask the system's admin to renew it/);
    await diagnose.check('Network connection', 'passed').waitFor();
    await diagnose.check('Credentials', 'not run').waitFor();
    await diagnose.check('Read work orders', 'not run').waitFor();
    await diagnose.summary.filter({ hasText: '1 check failed' }).waitFor();
    await diagnose.region.scrollIntoViewIfNeeded();
    await screenshot(page, 'diagnose-expired-certificate');
    await diagnose.region.screenshot({ path: docsScreenshot('diagnose-panel'), ...sectionShot });

    front.useCertificate(plantPki().good);
    await diagnose.run.click();
    await diagnose.summary.filter({ hasText: 'All checks passed' }).waitFor();
    await diagnose.check('Read assets', 'passed').waitFor();
    expect(await diagnose.checks.getByRole('row').count()).toBe(1 + 4 + 11); // header; dns, tcp, tls, auth; one per entity
  });
});

describe('Settings: backup, restore, support', () => {
  it('downloads a backup, refuses a wrong passphrase and an unforced restore, then restores; downloads the support bundle', async () => {
    const { page, admin } = current();
    await admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Demo plant' });
    await new AppPage(page).goto('Settings');
    const backup = new BackupPart(page);

    await backup.passphrase.fill('short');
    await backup.region.getByText(/At least 12 characters/).first().waitFor();
    expect(await backup.download.isDisabled()).toBe(true);
    await backup.passphrase.fill(PASSPHRASE);
    await backup.passphraseAgain.fill(PASSPHRASE);
    const [download] = await Promise.all([page.waitForEvent('download'), backup.download.click()]);
    expect(download.suggestedFilename()).toMatch(/^millwright-backup-\d{4}-\d\d-\d\d\.mwbackup$/);
    const bytes = await saved(download);
    expect(bytes.subarray(0, 8).toString()).toBe('MWBACKUP');
    await new AppPage(page).notification('Backup downloaded').waitFor();
    const file = path.join(SCREENSHOTS, 'downloads', download.suggestedFilename());

    await backup.fileInput.setInputFiles(file);
    await backup.restorePassphrase.fill('not the passphrase');
    await backup.restore.click();
    await backup.alert('Wrong passphrase').waitFor();

    await backup.restorePassphrase.fill(PASSPHRASE);
    await backup.restore.click();
    await backup.region.getByRole('alert').filter({ hasText: /already has 1 connection/ }).waitFor();

    await backup.replace.check();
    await backup.restore.click();
    await page.getByRole('dialog', { name: 'Replace this agent\'s connections?' }).getByRole('button', { name: 'Replace and restore' }).click();
    await backup.region.getByRole('status').filter({ hasText: 'Backup restored' }).waitFor();
    await expect(backup.region.getByRole('status').textContent()).resolves.toMatch(/1 connection\(s\), 0 webhook\(s\), 0 flow\(s\) and the settings, replacing 1 connection\(s\) that were here/);
    await backup.region.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-backup-restored');
    await backup.region.screenshot({ path: docsScreenshot('settings-backup'), ...sectionShot });

    const support = new SupportPart(page);
    const [bundle] = await Promise.all([page.waitForEvent('download'), support.download.click()]);
    expect(bundle.suggestedFilename()).toMatch(/^millwright-support-.*\.zip$/);
    expect((await saved(bundle)).subarray(0, 2).toString()).toBe('PK');
    await support.region.scrollIntoViewIfNeeded();
    await support.region.screenshot({ path: docsScreenshot('settings-support'), ...sectionShot });
  });
});
