// A partial landscape in the admin UI (Debian Chromium, real agent, the S/4HANA
// emulator with API_PLANT_SRV not activated and API_EQUIPMENT not authorized):
// the SAP client is drawn from the system's declared option and checked by its
// schema; Test connection shows a row per entity with SAP's reason and what to
// ask the SAP admin for; the connection connects anyway, its page shows the
// same per entity, and an entity activated later syncs on the next sync.
// The test table and the Entities panel are README pictures (docsScreenshot).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSapS4hanaEmulator, type SapEmulator } from '../emulators/sap-s4hana/index.js';
import { docsScreenshot, screenshot, uiPerTest } from './support.js';
import { AddConnectionDialog } from './pages/AddConnectionDialog.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { ConnectionDetailPage } from './pages/ConnectionDetailPage.js';

/** The app's sticky header would cover the top of a section captured on its own. */
const sectionShot = { animations: 'disabled' as const, style: '.mantine-AppShell-header { visibility: hidden !important; }' };

const current = uiPerTest();

describe('a partial landscape', () => {
  let emu: SapEmulator;
  beforeEach(async () => {
    emu = await startSapS4hanaEmulator({
      seed: 11, size: { workOrders: 12, purchaseOrders: 8, assets: 6, vendors: 5, products: 6 },
      inactiveServices: ['API_PLANT_SRV'], unauthorizedServices: ['API_EQUIPMENT'],
    });
  });
  afterEach(async () => { await emu.close(); });

  it('Test connection shows each entity with SAP’s reason and what to ask for; the connection page shows the same', async () => {
    const { page, host } = current();
    const list = new ConnectionsPage(page);
    const add = new AddConnectionDialog(page);
    await list.waitReady();
    await list.addButton.click();
    await add.pick('SAP S/4HANA');
    await add.chooseDeployment('On-prem');
    await add.nameField.fill('Riverside S/4');
    await add.field('URL').fill(emu.url);
    const { username, password } = emu.credentials();
    await add.fillCredentials({ User: username, Password: password });
    // The SAP client is the system's declared option, checked by its schema before anything is sent.
    const client = add.dialog.getByRole('textbox', { name: 'SAP client' });
    await client.fill('1x');
    await add.dialog.getByText('The three-digit client (MANDT)').first().waitFor();
    await expect(add.testButton.isDisabled()).resolves.toBe(true);
    await client.fill('100');
    await add.advanced.click();
    await add.allowInsecure.click();

    await add.testButton.click();
    await add.testOutcome.waitFor();
    await add.testOutcome.getByRole('status').filter({ hasText: 'Connection works: 9 of 11 entities available' }).waitFor();
    await add.entity('Work orders', 'available').waitFor();
    await expect(add.entity('Locations', 'not available').textContent()).resolves.toMatch(/API_PLANT_SRV.*\/IWFND\/MAINT_SERVICE/);
    await expect(add.entity('Assets', 'not available').textContent()).resolves.toMatch(/API_EQUIPMENT.*S_SERVICE/);
    await add.entities.scrollIntoViewIfNeeded();
    await screenshot(page, 'add-connection-test-entities');
    await add.testOutcome.screenshot({ path: docsScreenshot('add-connection-test-entities'), animations: 'disabled', style: '.mantine-Modal-header { visibility: hidden !important; }' });

    await add.connect();
    await add.done.click();
    await list.open('Riverside S/4').click();
    const detail = new ConnectionDetailPage(page);
    await detail.heading('Riverside S/4').waitFor();
    const id = (await host.agent.connections.list()).find((c) => c.name === 'Riverside S/4')!.id;
    await host.agent.sync.whenDone(id);
    await detail.entities.getByText('9 of 11 available').waitFor();
    await expect(detail.entity('Locations', 'not available').textContent()).resolves.toMatch(/Ask the SAP Basis admin to activate .*\/IWFND\/MAINT_SERVICE/);
    await detail.syncHistory.getByText('2 skipped: locations, assets').waitFor();
    await detail.entities.scrollIntoViewIfNeeded();
    await screenshot(page, 'connection-entities');
    await detail.entities.screenshot({ path: docsScreenshot('connection-entities'), ...sectionShot });

    // The SAP admin activates the plant service: the next sync finds it and syncs it.
    emu.commands.activateService({ service: 'API_PLANT_SRV' });
    await detail.syncNow.click();
    await detail.entity('Locations', 'available').waitFor({ timeout: 20_000 });
    await detail.entities.getByText('10 of 11 available').waitFor();
    expect(host.agent.records.countsByEntity(id).locations).toBeGreaterThan(0);
  });
});
