// What integrators need, through the admin UI in Chromium against a real agent:
// a connection's schedule and load settings (pause/resume, interval, blackout
// windows with the agent's refusal shown on the field, request cap,
// passthrough guard), the audit log screen with its filters, and the entities
// choice of the Add webhook dialog. Screenshots: connection-settings,
// audit-log, webhook-entities.
import { beforeEach, describe, expect, it } from 'vitest';
import { screenshot, uiPerTest, type Ui } from './support.js';
import { AppPage } from './pages/AppPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { ConnectionDetailPage } from './pages/ConnectionDetailPage.js';
import { WebhooksPage, choose } from './pages/WebhooksPage.js';
import { AuditPage, ConnectionSettingsPart, WebhookEntitiesPart } from './pages/IntegratorsParts.js';

const currentUi = uiPerTest();
let ui: Ui;
beforeEach(() => { ui = currentUi(); });

async function sandbox(name = 'Plant sandbox') {
  const r = await ui.admin('POST', '/admin/v1/connections', { system: 'sandbox', name });
  await ui.host.agent.sync.whenDone(r.body.connection.id);
  return { id: r.body.connection.id as string, token: r.body.token as string };
}

async function openDetail(name: string) {
  const app = new AppPage(ui.page);
  await app.goto('Connections');
  await ui.page.getByRole('button', { name: `Open ${name}` }).click();
  await new ConnectionDetailPage(ui.page).heading(name).waitFor();
}

describe('connection settings', () => {
  it('pauses and resumes scheduled syncs, and saves interval, blackouts, cap and passthrough; a refused window shows on its field', async () => {
    const { id } = await sandbox();
    await openDetail('Plant sandbox');
    const app = new AppPage(ui.page);
    const s = new ConnectionSettingsPart(ui.page);
    await s.pause.click();
    await app.notification('Scheduled syncs paused').waitFor();
    await s.resume.waitFor();
    await ui.page.getByRole('heading', { level: 2, name: 'Plant sandbox' }).locator('..').getByText('Paused', { exact: true }).waitFor();
    expect((await ui.admin('GET', `/admin/v1/connections/${id}`)).body.paused).toBe(true);

    await s.interval.fill('30');
    await s.cap.fill('3');
    await s.addWindow.click();
    await s.windowStart(1).fill('22:00');
    await s.windowEnd(1).fill('22:00');
    await s.passthrough('Read and write').click();
    await s.save.click();
    await s.region.getByText('start and end must differ').waitFor(); // the agent's refusal, on the window's field
    expect((await ui.admin('GET', `/admin/v1/connections/${id}`)).body.options.max_concurrent_requests).toBe(2); // nothing saved
    await s.windowEnd(1).fill('02:00');
    await s.region.getByText('crosses midnight', { exact: true }).waitFor();
    expect(await s.region.getByText('start and end must differ').count()).toBe(0); // an edit clears the old refusal
    await s.save.click();
    await app.notification('Settings saved').waitFor();
    const saved = (await ui.admin('GET', `/admin/v1/connections/${id}`)).body;
    expect(saved.options).toMatchObject({ sync_interval_minutes: 30, max_concurrent_requests: 3, passthrough: 'read_write', sync_blackouts: [{ start: '22:00', end: '02:00' }] });
    for (const close of await ui.page.locator('.mantine-Notification-root').getByRole('button').all()) await close.click();
    await ui.page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
    await s.region.evaluate((el) => { el.scrollIntoView({ block: 'start' }); window.scrollBy(0, -72); }); // below the fixed header
    await screenshot(ui.page, 'connection-settings');

    // the connections list shows the pause too
    await app.goto('Connections');
    const row = ui.page.getByRole('row', { name: 'Plant sandbox' });
    await row.getByText('Paused', { exact: true }).waitFor();
    await new ConnectionsPage(ui.page).actions('Plant sandbox').click();
    await ui.page.getByRole('menuitem', { name: 'Resume scheduled syncs' }).click();
    await app.notification('Scheduled syncs resumed').waitFor();
    await expect.poll(async () => (await ui.admin('GET', `/admin/v1/connections/${id}`)).body.paused).toBe(false);
  });
});

describe('the audit log', () => {
  it('lists admin actions and unified writes, refused ones too, filtered by connection and kind', async () => {
    const a = await sandbox('Line A');
    await sandbox('Line B');
    await ui.admin('POST', `/admin/v1/connections/${a.id}/pause`);
    await ui.admin('GET', `/admin/v1/connections/${a.id}/token`);
    await ui.admin('PATCH', `/admin/v1/connections/${a.id}`, { sync_blackouts: [{ start: '22:00', end: '22:00' }] }); // refused
    const wo = (await (await fetch(`${ui.host.apiUrl}/v1/work-orders?limit=1`, { headers: { authorization: `Bearer ${a.token}` } })).json()).data[0];
    await fetch(`${ui.host.apiUrl}/v1/work-orders/${wo.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ assignee: 'j.ortiz' }) });
    await fetch(`${ui.host.apiUrl}/v1/purchase-orders`, { method: 'POST', headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' }, body: '{"vendor_id":"x"}' });

    const app = new AppPage(ui.page);
    const audit = new AuditPage(ui.page);
    await app.goto('Audit log');
    await audit.table.waitFor();
    await audit.table.getByText(`/admin/v1/connections/${a.id}/pause`).waitFor();
    await audit.table.getByText(`/v1/work-orders/${wo.id}`).waitFor();
    await audit.table.getByText('refused: invalid_request (sync_blackouts.0)').waitFor();
    await screenshot(ui.page, 'audit-log');

    await choose(ui.page, audit.kind, 'Write');
    await expect.poll(async () => audit.rows.count()).toBe(3); // header + the PATCH + the refused POST
    await expect.poll(async () => (await audit.table.textContent()) ?? '').not.toContain('/admin/v1/');
    await choose(ui.page, audit.kind, 'Admin');
    await choose(ui.page, audit.connection, 'Line B');
    await audit.table.getByText('POST').first().waitFor();
    const text = (await audit.table.textContent()) ?? '';
    expect(text).not.toContain(a.id);
    expect(text).toContain('/admin/v1/connections');
  });
});

describe('add webhook', () => {
  it('narrows record events to chosen entities', async () => {
    await ui.admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
    const app = new AppPage(ui.page);
    const w = new WebhooksPage(ui.page);
    const e = new WebhookEntitiesPart(ui.page);
    await app.goto('Webhooks');
    await w.addButton.click();
    await w.urlField.fill('http://127.0.0.1:9/erp-bridge');
    await e.allEntities.uncheck({ force: true });
    await choose(ui.page, e.entities, 'Purchase orders');
    await choose(ui.page, e.entities, 'Work orders');
    await ui.page.keyboard.press('Escape');
    await screenshot(ui.page, 'webhook-entities');
    await w.submit.click();
    await w.secret.waitFor();
    await w.done.click();
    const list = (await ui.admin('GET', '/admin/v1/webhooks')).body.data;
    expect(list[0]).toMatchObject({ url: 'http://127.0.0.1:9/erp-bridge', event_types: 'all', entities: ['purchase-orders', 'work-orders'] });
    await w.row('http://127.0.0.1:9/erp-bridge').getByText('Record events of purchase orders, work orders only').waitFor();
    // with only non-record event types the entities choice is not offered
    await w.addButton.click();
    await w.allEvents.uncheck({ force: true });
    await choose(ui.page, w.eventTypes, 'sync.completed');
    expect(await e.allEntities.count()).toBe(0);
  });
});
