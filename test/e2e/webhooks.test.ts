// Webhooks, flows and the records browser through the UI: a loopback receiver
// (allowed in Settings: insecure URLs on, 127.0.0.0/8), add an endpoint (the
// secret once), send a test event that shows up live as delivered, redeliver;
// a flow built with the condition builder, a bad one rejected on its row; the
// records browser and its search; the agent information in Settings.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { screenshot, uiPerTest, type Ui } from './support.js';
import { AppPage } from './pages/AppPage.js';
import { SettingsPage, AboutAgentPart } from './pages/SettingsPage.js';
import { WebhooksPage, choose } from './pages/WebhooksPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { ConnectionDetailPage, RecordsBrowserPart } from './pages/ConnectionDetailPage.js';
import { waitUntil } from '../support/wait.js';

interface Received { headers: http.IncomingHttpHeaders; body: string }
const currentUi = uiPerTest();
let ui: Ui;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/millwright`;
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});
beforeEach(() => { received.length = 0; ui = currentUi(); });

/** Settings → Webhooks: allow http and the loopback network, through the UI. */
async function allowLoopback() {
  const app = new AppPage(ui.page);
  const settings = new SettingsPage(ui.page);
  await app.goto('Settings');
  await settings.insecure.check({ force: true });
  await settings.cidrs.fill('127.0.0.0/8');
  await settings.cidrs.press('Enter');
  await settings.save.click();
  await app.notification('Settings saved').waitFor();
}

/** Scrolls the element to the top of the view, below the fixed header. */
async function scrollTo(locator: import('playwright').Locator) {
  await locator.evaluate((el) => { el.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); });
}

describe('webhooks', () => {
  it('adds an endpoint (URL refused until allowed), shows the secret once, test send delivered live, redeliver, rotate, delete', async () => {
    const { page } = ui;
    const app = new AppPage(page);
    const hooks = new WebhooksPage(page);
    await app.live.waitFor();
    await app.goto('Webhooks');
    await hooks.emptyState.waitFor();
    await screenshot(page, 'webhooks-empty');

    // Refused: http to a loopback address is not allowed yet; the message is on the URL field.
    await hooks.addButton.click();
    await hooks.urlField.fill(receiverUrl);
    await hooks.submit.click();
    const urlError = hooks.dialog.locator('.mantine-TextInput-error');
    await urlError.waitFor();
    expect(await hooks.urlField.getAttribute('aria-invalid')).toBe('true');
    expect((await urlError.textContent())!.length).toBeGreaterThan(10);
    await screenshot(page, 'webhook-url-refused');
    await page.keyboard.press('Escape');
    await hooks.dialog.waitFor({ state: 'hidden' });

    await allowLoopback();
    await app.goto('Webhooks');
    await hooks.addButton.click();
    await hooks.urlField.fill(receiverUrl);
    await hooks.allEvents.uncheck();
    await choose(page, hooks.eventTypes, /^sync\.completed/);
    await choose(page, hooks.eventTypes, /^sync\.failed/);
    await page.keyboard.press('Escape'); // close the options, not the dialog
    await screenshot(page, 'webhook-add');
    await hooks.submit.click();
    await hooks.secret.waitFor();
    const secret = (await hooks.secret.textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByTestId('verify-snippet').waitFor();
    await screenshot(page, 'webhook-secret');
    await hooks.done.click();
    await hooks.row(receiverUrl).waitFor();
    expect(await page.content()).not.toContain(secret); // shown once
    await hooks.row(receiverUrl).getByText('sync.completed').waitFor();
    await hooks.row(receiverUrl).getByText('All connections').waitFor();
    await screenshot(page, 'webhooks-endpoints');

    // Test send: the delivery appears in the log and turns Delivered without a reload.
    await hooks.actions(receiverUrl).click();
    await hooks.menuItem('Send test event…').click();
    await hooks.testDialog.waitFor();
    await choose(page, hooks.testDialog.getByRole('combobox', { name: 'Event type' }), 'sync.failed');
    await hooks.testDialog.getByRole('button', { name: 'Send test' }).click();
    await app.notification('Test event sent').waitFor();
    await hooks.tab('Delivery log').and(page.locator('[aria-selected="true"]')).waitFor();
    const delivered = hooks.deliveries.and(page.locator('[data-status="delivered"]'));
    await delivered.first().waitFor();
    await waitUntil(() => received.length === 1);
    const first = received[0];
    const event = new Webhook(secret).verify(first.body, {
      'webhook-id': String(first.headers['webhook-id']), 'webhook-timestamp': String(first.headers['webhook-timestamp']),
      'webhook-signature': String(first.headers['webhook-signature']),
    }) as { type: string };
    expect(event.type).toBe('sync.failed');

    await hooks.delivery('sync.failed', receiverUrl).first().click();
    const attempts = page.getByRole('table', { name: /^Attempts of dlv_/ });
    await attempts.getByRole('cell', { name: '200', exact: true }).waitFor();
    await attempts.getByText('thanks').waitFor();
    await screenshot(page, 'webhook-delivery-log');

    // Redeliver: a second delivery of the same event (same webhook-id), delivered too.
    await page.getByRole('button', { name: /^Redeliver dlv_/ }).first().click();
    await app.notification('Redelivery queued').waitFor();
    await waitUntil(() => received.length === 2);
    expect(received[1].headers['webhook-id']).toBe(first.headers['webhook-id']);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="delivery"][data-status="delivered"]').length === 2);

    // Filter by status: nothing failed.
    await page.locator('label').filter({ hasText: /^Failed$/ }).click();
    await page.getByText('Nothing matches these filters.').waitFor();

    // Rotate the secret: confirmation, the new one shown once, the old one signs for 24 h.
    await hooks.tab('Endpoints').click();
    await hooks.actions(receiverUrl).click();
    await hooks.menuItem('Rotate secret…').click();
    const confirmRotate = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await confirmRotate.getByText(/keeps signing beside the new one for 24 h/).waitFor();
    await confirmRotate.getByRole('button', { name: 'Rotate secret' }).click();
    await hooks.secret.waitFor();
    const rotated = (await hooks.secret.textContent())!.trim();
    expect(rotated).not.toBe(secret);
    await page.getByText(/old secret keeps signing for 24 h/).waitFor();
    await hooks.done.click();

    // Disable, then delete.
    await hooks.enabled(receiverUrl).click({ force: true });
    await page.waitForFunction((url) => {
      const el = document.querySelector(`input[aria-label="Enabled: ${url}"]`) as HTMLInputElement | null;
      return el !== null && !el.checked;
    }, receiverUrl);
    await hooks.actions(receiverUrl).click();
    await hooks.menuItem('Delete…').click();
    await page.getByRole('dialog', { name: 'Delete this webhook?' }).getByRole('button', { name: 'Delete webhook' }).click();
    await hooks.emptyState.waitFor();
  });

  it('flows: one condition through the builder; a bad one is rejected with the error on its row', async () => {
    const { page, admin } = ui;
    const app = new AppPage(page);
    const hooks = new WebhooksPage(page);
    await admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
    const conn = (await admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Sandbox' })).body.connection as { id: string };
    const hook = (await admin('POST', '/admin/v1/webhooks', { url: receiverUrl, event_types: ['flow.triggered'] })).body as { id: string };
    expect(hook.id).toMatch(/^whk_/);

    await app.goto('Webhooks');
    await hooks.tab('Flows').click();
    await page.getByText('No flows yet').waitFor();
    await hooks.addFlow.click();
    await hooks.flowDialog.waitFor();
    await choose(page, hooks.flowSelect('Connection'), 'Sandbox');
    await choose(page, hooks.flowSelect('Records'), 'Purchase orders');
    await choose(page, hooks.flowSelect('When'), 'A record is updated');
    await choose(page, hooks.conditionInput(1, 'field'), /^total_amount/);
    await choose(page, hooks.conditionInput(1, 'operator'), 'is greater than');
    await hooks.conditionInput(1, 'value').fill('lots');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await choose(page, hooks.conditionInput(2, 'field'), /^status/);
    await choose(page, hooks.conditionInput(2, 'operator'), 'changed to');
    await choose(page, hooks.conditionInput(2, 'value'), 'approved');
    // "Send to" is preset: there is one endpoint.
    expect(await hooks.flowSelect('Send to').inputValue()).toBe(receiverUrl);

    // The server refuses "lots" as money: the message is on row 1's value, not elsewhere.
    await hooks.flowDialog.getByRole('button', { name: 'Add flow' }).click();
    await hooks.condition(1).getByText(/total_amount is money/).waitFor();
    expect(await hooks.conditionInput(1, 'value').getAttribute('aria-invalid')).toBe('true');
    expect(await hooks.condition(2).textContent()).not.toContain('money');
    await screenshot(page, 'flow-builder-error');

    await hooks.conditionInput(1, 'value').fill('10000.00');
    await hooks.condition(1).getByText(/total_amount is money/).waitFor({ state: 'detached' });
    await screenshot(page, 'flow-builder');
    await hooks.flowDialog.getByRole('button', { name: 'Add flow' }).click();
    await app.notification('Flow added').waitFor();
    await hooks.flowDialog.waitFor({ state: 'hidden' });
    const row = hooks.flows.getByTestId('flow-row');
    await row.getByText('Purchase orders').waitFor();
    await row.getByText('is greater than').waitFor();
    await row.getByText('“approved”').waitFor();
    const { body } = await admin('GET', '/admin/v1/flows');
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      connection_id: conn.id, entity: 'purchase-orders', trigger: 'updated', webhook_id: hook.id,
      conditions: [{ field: 'total_amount', op: 'gt', value: '10000.00' }, { field: 'status', op: 'changed_to', value: 'approved' }],
    });
    await screenshot(page, 'flows');

    // A condition the trigger cannot have: changed_to on created records → the error lands on the operator.
    await hooks.addFlow.click();
    await choose(page, hooks.flowSelect('Connection'), 'Sandbox');
    await choose(page, hooks.flowSelect('Records'), 'Work orders');
    await choose(page, hooks.flowSelect('When'), 'A record is created');
    await choose(page, hooks.conditionInput(1, 'field'), /^priority/);
    await choose(page, hooks.conditionInput(1, 'operator'), 'changed to');
    await choose(page, hooks.conditionInput(1, 'value'), 'urgent');
    await hooks.flowDialog.getByRole('button', { name: 'Add flow' }).click();
    await hooks.condition(1).getByText(/changed_to needs the previous record/).waitFor();
    expect(await hooks.conditionInput(1, 'operator').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Escape');
    await hooks.flowDialog.waitFor({ state: 'hidden' });
    expect((await admin('GET', '/admin/v1/flows')).body.data).toHaveLength(1);

    // Delete the flow.
    await hooks.flows.getByRole('button', { name: 'Delete flow on Purchase orders' }).click();
    await page.getByRole('dialog', { name: 'Delete this flow?' }).getByRole('button', { name: 'Delete flow' }).click();
    await page.getByText('No flows yet').waitFor();
  });
});

describe('connection detail: records and hooks; settings: the agent', () => {
  it('the records browser lists the sandbox records, the search narrows them, a record opens as JSON', async () => {
    const { page, admin, host } = ui;
    const list = new ConnectionsPage(page);
    const detail = new ConnectionDetailPage(page);
    const records = new RecordsBrowserPart(page);
    await admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
    const conn = (await admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Sandbox' })).body.connection as { id: string };
    await host.agent.sync.whenDone(conn.id);
    await admin('POST', '/admin/v1/webhooks', { url: receiverUrl, connection_ids: [conn.id], description: 'Plant ERP bridge' });
    await admin('POST', '/admin/v1/webhooks', { url: `${receiverUrl}/other`, connection_ids: ['con_doesnotexist'] }).then((r) => expect(r.status).toBe(400));
    const all = (await admin('GET', `/admin/v1/connections/${conn.id}/records/purchase-orders?limit=500`)).body.data as { number: string }[];
    expect(all.length).toBeGreaterThan(5);
    const target = all[3].number;

    await list.open('Sandbox').click();
    await detail.heading('Sandbox').waitFor();
    const poList = records.list('Purchase orders');
    await poList.getByRole('listitem').first().waitFor();
    const shownAll = await records.count.textContent();
    expect(shownAll).toMatch(/^[\d,]+ records/);
    // Virtualised: only the rows in view are in the DOM.
    expect(await poList.getByRole('listitem').count()).toBeLessThanOrEqual(Math.min(all.length, 30));
    await records.hooks.getByText(receiverUrl).waitFor();
    await records.hooks.getByText('Plant ERP bridge').waitFor();
    await scrollTo(page.getByRole('heading', { name: 'Synced records' }));
    await screenshot(page, 'connection-records');

    await records.search.fill(target);
    await records.count.filter({ hasText: `matching “${target}”` }).waitFor();
    const narrowed = await poList.getByRole('listitem').count();
    expect(narrowed).toBeGreaterThanOrEqual(1);
    expect(narrowed).toBeLessThan(Math.min(all.length, 30));
    await records.open(target).click();
    await records.json.filter({ hasText: `"number": "${target}"` }).waitFor();
    await screenshot(page, 'record-drawer');
    await page.keyboard.press('Escape');

    await records.search.fill('zzz-no-such-record-zzz');
    await page.getByText('No purchase orders match “zzz-no-such-record-zzz”').waitFor();
    await records.search.fill('');
    await records.entity('Work orders').click();
    await records.list('Work orders').getByRole('listitem').first().waitFor();
    await scrollTo(page.getByRole('heading', { name: 'Webhooks and flows' }));
    await screenshot(page, 'connection-hooks');
  });

  it('settings shows the version, the data folder and the keychain status; the curl example uses the API address', async () => {
    const { page, host } = ui;
    const app = new AppPage(page);
    const about = new AboutAgentPart(page);
    await app.goto('Settings');
    await about.table.waitFor();
    expect(await about.version.textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await about.dataDir.textContent())!).toContain('mw-e2e-');
    expect(await about.keychain.textContent()).toBe('Available');
    await about.table.getByText(host.apiUrl).waitFor();
    await about.table.getByText(`${host.adminUrl}/`).waitFor();
    expect(await new SettingsPage(page).adminPort.inputValue()).toBe('7871');
    await page.getByRole('heading', { name: 'About this agent' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-about');
  });
});
