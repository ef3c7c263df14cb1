// Connecting: the sandbox (token shown once, curl example), an on-prem tier III
// system (8 credits · 2× on-prem, the gauge moves 0 → 8), and a connection the
// pool cannot pay for (saved inactive, the missing credits said up front).
import { beforeEach, describe, expect, it } from 'vitest';
import { apiStatus, screenshot, uiPerTest, type Ui } from './support.js';
import { AppPage } from './pages/AppPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { AddConnectionDialog } from './pages/AddConnectionDialog.js';
import { SettingsPage } from './pages/SettingsPage.js';

const currentUi = uiPerTest();
let ui: Ui;
beforeEach(() => { ui = currentUi(); });

describe('connect', () => {
  it('connects the sandbox: the token is shown once, with a curl example that works', async () => {
    const { page, host } = ui;
    const list = new ConnectionsPage(page);
    const add = new AddConnectionDialog(page);
    await list.emptyState.waitFor();
    await new AppPage(page).live.waitFor();
    // The admin token left the address bar.
    expect(page.url()).not.toContain('token');
    await screenshot(page, 'connections-empty');

    await list.addFirstButton.click();
    await add.system('Sandbox').waitFor();
    await screenshot(page, 'add-connection-systems');
    await add.pick('Sandbox');
    expect(await add.costReason.textContent()).toContain('free');
    const token = await add.connect();
    expect(token).toMatch(/^mwk_[A-Za-z0-9]{36}$/);
    const curl = (await add.curl.textContent())!;
    expect(curl).toContain(`Bearer ${token}`);
    expect(curl).toMatch(/http:\/\/127\.0\.0\.1:\d+\/v1\/purchase-orders/);
    await add.copyToken.waitFor();
    await screenshot(page, 'add-connection-token');
    expect(await apiStatus(host.apiUrl, token)).toBe(200);

    await add.done.click();
    await add.dialog.waitFor({ state: 'hidden' });
    await list.row('Sandbox').waitFor();
    expect(await list.cost('Sandbox').textContent()).toBe('Free');
    expect(await list.status('Sandbox').textContent()).toBe('Active');
    // Shown once: the token is nowhere on the page any more.
    expect(await page.content()).not.toContain(token);
  });

  it('connects an on-prem tier III system: 8 credits · 2× on-prem, the gauge moves 0 → 8', async () => {
    const { page } = ui;
    const list = new ConnectionsPage(page);
    const add = new AddConnectionDialog(page);
    await list.waitReady();
    await list.waitGauge(0, 16);

    await list.addButton.click();
    await add.pick('Test tier 3');
    expect(await add.costReason.textContent()).toContain('4 credits');
    await add.chooseDeployment('On-prem');
    await add.costReason.filter({ hasText: 'On-prem connections cost double: 8 credits' }).waitFor();
    await add.nameField.fill('Plant SAP');
    await add.fillCredentials({ User: 'svc', Password: 'wrong' });
    await add.testButton.click();
    await add.error.filter({ hasText: 'The system rejected the user or password' }).waitFor();
    await add.fillCredentials({ Password: 'right' });
    await add.testButton.click();
    await add.testOk.waitFor();
    await screenshot(page, 'add-connection-form');
    await add.connect();
    await add.done.click();

    await list.row('Plant SAP').waitFor();
    expect(await list.cost('Plant SAP').textContent()).toBe('8 credits · 2× on-prem');
    await list.waitGauge(8, 16);
    await screenshot(page, 'connections-list');
  });

  it('says how many credits are missing before connecting, and saves the connection inactive', async () => {
    const { page } = ui;
    const app = new AppPage(page);
    const list = new ConnectionsPage(page);
    const add = new AddConnectionDialog(page);
    const settings = new SettingsPage(page);
    await list.waitReady();

    // A smaller pool, set in Settings.
    await app.goto('Settings');
    await settings.pool.fill('6');
    await settings.save.click();
    await app.notification('Settings saved').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'settings');

    await app.goto('Connections');
    await list.waitGauge(0, 6);
    await list.addButton.click();
    await add.pick('Test tier 3');
    await add.chooseDeployment('On-prem');
    await add.fillCredentials({ User: 'svc', Password: 'right' });
    await add.creditsMissing.filter({ hasText: '2 credits missing' }).waitFor();
    expect(await add.creditsMissing.textContent()).toContain('inactive');
    await screenshot(page, 'add-connection-credits-short');
    await add.connect();
    await add.dialog.getByText('Saved inactive: 2 credits missing').waitFor();
    await add.done.click();

    await list.row('Test tier 3').waitFor();
    expect(await list.status('Test tier 3').textContent()).toBe('Inactive');
    await list.waitGauge(0, 6);
  });
});
