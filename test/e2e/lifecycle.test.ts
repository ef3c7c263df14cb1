// The system rotates the password: the banner appears without a reload, a field
// engineer reconnects, the new token works and the old one is refused. Then the
// detail page: token, syncs, disconnect returning the credits.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeSystem } from '../support/fake-system.js';
import { apiStatus, screenshot, uiPerTest, type Ui } from './support.js';
import { AppPage } from './pages/AppPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { AddConnectionDialog } from './pages/AddConnectionDialog.js';
import { ReconnectDialog } from './pages/ReconnectDialog.js';
import { ConnectionDetailPage } from './pages/ConnectionDetailPage.js';
import { CreditsPage } from './pages/CreditsPage.js';

const currentUi = uiPerTest();
let ui: Ui;
beforeEach(() => { ui = currentUi(); });

/** Connects an on-prem test-tier3 through the UI; returns its id and token. */
async function connectOnPrem(name: string): Promise<{ id: string; token: string }> {
  const list = new ConnectionsPage(ui.page);
  const add = new AddConnectionDialog(ui.page);
  await list.waitReady();
  await list.addButton.click();
  await add.pick('Test tier 3');
  await add.chooseDeployment('On-prem');
  await add.nameField.fill(name);
  await add.fillCredentials({ User: 'svc', Password: 'right' });
  const token = await add.connect();
  await add.done.click();
  await list.row(name).waitFor();
  const { body } = await ui.admin('GET', '/admin/v1/connections');
  const id = (body.data as { id: string; name: string }[]).find((c) => c.name === name)!.id;
  return { id, token };
}

describe('connection lifecycle', () => {
  it('the system rotates the password: banner without reload, reconnect, new token works, old one fails', async () => {
    const { page, host } = ui;
    const list = new ConnectionsPage(page);
    const dialog = new ReconnectDialog(page);
    const { id, token: oldToken } = await connectOnPrem('Plant S/4HANA');
    await connectOnPrem('Warehouse');
    expect(await apiStatus(host.apiUrl, oldToken)).toBe(200);
    await new AppPage(page).live.waitFor();

    // The system rotates the password; the next sync is rejected.
    fakeSystem.password = 'rotated';
    host.agent.connections.markAuthRequired(id, 'SAP rejected the stored credentials');

    await list.banner.waitFor(); // pushed by the event stream: no reload
    expect(await list.status('Plant S/4HANA').textContent()).toBe('Needs reconnect');
    expect(await list.cost('Plant S/4HANA').textContent()).toBe('8 credits · 2× on-prem');
    await screenshot(page, 'connections-needs-reconnect');
    expect(await apiStatus(host.apiUrl, oldToken)).toBe(409);

    await list.bannerReconnect('Plant S/4HANA').click();
    await dialog.reason.filter({ hasText: /Test tier 3 rejected the stored credentials at \d{1,2}:\d{2}/ }).waitFor();
    expect(await dialog.reason.textContent()).toContain('SAP rejected the stored credentials');
    // the stored user is filled in; the engineer types only the new password
    expect(await dialog.prefilled('User')).toBe('svc');
    expect(await dialog.field('Password').inputValue()).toBe('');
    await dialog.enterSecret('Password', 'right');
    await dialog.verify.click();
    await dialog.error.filter({ hasText: 'The system rejected the user or password' }).waitFor();
    await dialog.enterSecret('Password', 'rotated');
    await screenshot(page, 'reconnect-dialog');
    await dialog.verify.click();
    await dialog.token.waitFor();
    await dialog.oldTokenNotice.waitFor();
    const newToken = (await dialog.token.textContent())!.trim();
    expect(newToken).not.toBe(oldToken);
    await screenshot(page, 'reconnect-done');

    expect(await apiStatus(host.apiUrl, newToken)).toBe(200);
    expect(await apiStatus(host.apiUrl, oldToken)).toBe(401);

    await dialog.done.click();
    await list.banner.waitFor({ state: 'detached' });
    expect(await list.status('Plant S/4HANA').textContent()).toBe('Active');

  });

  it('detail page: reveal the token, sync history, disconnect returns the credits', async () => {
    const { page } = ui;
    const app = new AppPage(page);
    const list = new ConnectionsPage(page);
    const detail = new ConnectionDetailPage(page);
    const credits = new CreditsPage(page);
    const { token } = await connectOnPrem('Plant S/4HANA');
    await list.waitGauge(8, 16);

    await list.open('Plant S/4HANA').click();
    await detail.heading('Plant S/4HANA').waitFor();
    await detail.syncHistory.getByText('completed').first().waitFor();
    await detail.reveal.click();
    await page.waitForFunction((t) => (document.querySelector('input[readonly]') as HTMLInputElement | null)?.value === t, token);
    await detail.syncNow.click();
    await app.notification('Sync started').waitFor();
    await screenshot(page, 'connection-detail');

    await app.goto('Credits');
    await credits.stat('Used', 8).waitFor();
    await credits.ledger.getByText('−8 used').waitFor();
    await screenshot(page, 'credits');

    await app.goto('Connections');
    await list.open('Plant S/4HANA').click();
    await detail.disconnect.click();
    const confirm = detail.confirmDialog('Disconnect Plant S/4HANA?');
    await confirm.getByText('8 credits return to the pool').waitFor();
    await screenshot(page, 'disconnect-confirm');
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await app.notification('8 credits returned').waitFor();
    await list.emptyState.waitFor();
    await list.waitGauge(0, 16);

    await app.goto('Credits');
    await credits.stat('Available', 16).waitFor();
    await credits.ledger.getByText('+8 returned').waitFor();
  });
});
