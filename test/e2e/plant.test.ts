// The plant entities in the admin UI: the records browser has a tab per new entity (meter
// readings listed, searched and opened as JSON), and the flow builder offers their fields —
// a reading compared as a number ("is greater than 7.1"), a word refused on its row — and a
// service request's priority as a choice. Screenshots: connection-records-meter-readings,
// flow-builder-meter-readings.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { screenshot, uiPerTest, type Ui } from './support.js';
import { AppPage } from './pages/AppPage.js';
import { WebhooksPage, choose } from './pages/WebhooksPage.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { ConnectionDetailPage, RecordsBrowserPart } from './pages/ConnectionDetailPage.js';

const currentUi = uiPerTest();
let ui: Ui;
let receiver: http.Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = http.createServer((_req, res) => { res.writeHead(200).end('ok'); });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/plant`;
});
afterAll(async () => { await new Promise((r) => receiver?.close(r)); });
beforeEach(() => { ui = currentUi(); });

describe('the plant in the admin UI', () => {
  it('the records browser lists meter readings; the search finds the alarm note; a reading opens as JSON', async () => {
    const { page, admin, host } = ui;
    const conn = (await admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Riverside' })).body.connection as { id: string };
    await host.agent.sync.whenDone(conn.id);
    const list = new ConnectionsPage(page);
    const detail = new ConnectionDetailPage(page);
    const records = new RecordsBrowserPart(page);
    await list.open('Riverside').click();
    await detail.heading('Riverside').waitFor();
    for (const tab of ['Meters', 'Meter readings', 'Service requests', 'Maintenance plans', 'Purchase requisitions']) await records.entity(tab).waitFor();

    await records.entity('Meter readings').click();
    const readings = records.list('Meter readings');
    await readings.getByRole('listitem').first().waitFor();
    expect(await records.count.textContent()).toMatch(/^100 records loaded, more as you scroll/); // ~620: paged as you scroll
    await page.getByRole('heading', { name: 'Synced records' }).evaluate((el) => { el.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); });
    await screenshot(page, 'connection-records-meter-readings');

    await records.search.fill('alarm');
    await records.count.filter({ hasText: 'matching “alarm”' }).waitFor();
    expect(await readings.getByRole('listitem').count()).toBe(1);
    await readings.getByRole('listitem').first().click();
    await records.json.filter({ hasText: '"note": "Vibration above alarm level: raised a service request"' }).waitFor();
    await records.json.filter({ hasText: /"meter_id": "mtr_/ }).waitFor();
    await screenshot(page, 'record-drawer-meter-reading');
    await page.keyboard.press('Escape');

    await records.search.fill('');
    await records.entity('Service requests').click();
    await records.list('Service requests').getByRole('listitem').first().waitFor();
  });

  it('a flow on meter readings: the value compared as a number, a word refused on its row; a service request\'s priority is a choice', async () => {
    const { page, admin, host } = ui;
    const app = new AppPage(page);
    const hooks = new WebhooksPage(page);
    await admin('PATCH', '/admin/v1/settings', { 'webhooks.allow_insecure_urls': true, 'webhooks.allowed_cidrs': ['127.0.0.0/8'] });
    const conn = (await admin('POST', '/admin/v1/connections', { system: 'sandbox', name: 'Riverside' })).body.connection as { id: string };
    await host.agent.sync.whenDone(conn.id);
    const hook = (await admin('POST', '/admin/v1/webhooks', { url: receiverUrl, event_types: ['flow.triggered'] })).body as { id: string };

    await app.goto('Webhooks');
    await hooks.tab('Flows').click();
    await hooks.addFlow.click();
    await hooks.flowDialog.waitFor();
    await choose(page, hooks.flowSelect('Connection'), 'Riverside');
    await choose(page, hooks.flowSelect('Records'), 'Meter readings');
    await choose(page, hooks.flowSelect('When'), 'A record is created');
    await choose(page, hooks.conditionInput(1, 'field'), /^value/);
    await choose(page, hooks.conditionInput(1, 'operator'), 'is greater than');
    await hooks.conditionInput(1, 'value').fill('high');
    await hooks.flowDialog.getByRole('button', { name: 'Add flow' }).click();
    await hooks.condition(1).getByText(/compares readings as numbers/).waitFor();
    expect(await hooks.conditionInput(1, 'value').getAttribute('aria-invalid')).toBe('true');

    await hooks.conditionInput(1, 'value').fill('7.1');
    await hooks.condition(1).getByText(/compares readings as numbers/).waitFor({ state: 'detached' });
    expect(await hooks.conditionInput(1, 'value').getAttribute('inputmode')).toBe('decimal');
    await screenshot(page, 'flow-builder-meter-readings');
    await hooks.flowDialog.getByRole('button', { name: 'Add flow' }).click();
    await app.notification('Flow added').waitFor();
    await hooks.flowDialog.waitFor({ state: 'hidden' });
    const row = hooks.flows.getByTestId('flow-row');
    await row.getByText('Meter readings').waitFor();
    await row.getByText('“7.1”').waitFor();

    await hooks.addFlow.click();
    await choose(page, hooks.flowSelect('Connection'), 'Riverside');
    await choose(page, hooks.flowSelect('Records'), 'Service requests');
    await choose(page, hooks.flowSelect('When'), 'A record is created');
    await choose(page, hooks.conditionInput(1, 'field'), /^priority/);
    await choose(page, hooks.conditionInput(1, 'operator'), 'is');
    await choose(page, hooks.conditionInput(1, 'value'), 'urgent');
    await hooks.flowDialog.getByRole('button', { name: 'Add flow' }).click();
    await hooks.flowDialog.waitFor({ state: 'hidden' });
    await hooks.flows.getByTestId('flow-row').filter({ hasText: 'Service requests' }).waitFor();
    await screenshot(page, 'flows-plant');

    const { body } = await admin('GET', '/admin/v1/flows');
    expect(body.data.map((f: Record<string, unknown>) => ({ entity: f.entity, trigger: f.trigger, conditions: f.conditions, webhook_id: f.webhook_id }))).toEqual([
      { entity: 'meter-readings', trigger: 'created', conditions: [{ field: 'value', op: 'gt', value: '7.1' }], webhook_id: hook.id },
      { entity: 'service-requests', trigger: 'created', conditions: [{ field: 'priority', op: 'eq', value: 'urgent' }], webhook_id: hook.id },
    ]);
  });
});
