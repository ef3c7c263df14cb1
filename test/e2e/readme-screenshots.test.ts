// The README's screenshots, taken from a realistic lab state rather than test
// fixtures: the lab's emulators (S/4HANA on-prem, Maximo on-prem, UpKeep cloud,
// over HTTPS with the lab's private CA), connected and synced by a real agent;
// then SAP rotates the service user's password, the next sync is refused and
// the connection needs reconnecting. Writes the README pictures (docsScreenshot); the
// reconnect is then finished, so the pictures show a flow that works.
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../emulators/lab.js';
import { tempDir } from '../support/tmp.js';
import { waitUntil } from '../support/wait.js';
import { apiStatus, docsScreenshot, screenshot, uiPerTest, type Ui } from './support.js';
import { ConnectionsPage } from './pages/ConnectionsPage.js';
import { ReconnectDialog } from './pages/ReconnectDialog.js';

const currentUi = uiPerTest();
let ui: Ui;
beforeEach(() => { ui = currentUi(); });
let lab: Lab;
beforeAll(async () => { lab = await startLab({ ports: { 'sap-s4hana': 0, 'sap-ecc': 0, 'ibm-maximo': 0, upkeep: 0 }, dir: tempDir() }); });
afterAll(async () => { await lab?.close(); });

const S4 = 'S/4HANA Houston';
const MAXIMO = 'Maximo Houston';
const UPKEEP = 'UpKeep Riverside';

async function connect(system: string, deployment: string, name: string, base_url: string, credentials: Record<string, string>, options: Record<string, unknown> = {}) {
  const r = await ui.admin('POST', '/admin/v1/connections', { system, deployment, name, base_url, credentials, options: { ca_cert: fs.readFileSync(lab.caFile!, 'utf8'), ...options } });
  expect(r.status, r.text).toBe(201);
  await ui.host.agent.sync.whenDone(r.body.connection.id);
  return { id: r.body.connection.id as string, token: r.body.token as string };
}

describe('README screenshots from the lab', () => {
  it('connections with S/4HANA needing reconnect, and the reconnect dialog', async () => {
    const { page, host } = ui;
    const s = lab.systems;
    const s4 = await connect('sap-s4hana', 'on_prem', S4, s['sap-s4hana'].url, { username: 'MW_ODATA', password: 'S4-Welcome1' }, { sap_client: '100' });
    await connect('ibm-maximo', 'on_prem', MAXIMO, s['ibm-maximo'].url, { api_key: s['ibm-maximo'].secret });
    await connect('upkeep', 'cloud', UPKEEP, s.upkeep.url, { email: 'maintenance@riverside.example', password: s.upkeep.secret });

    // SAP rotates the password; the next sync is refused and the connection needs reconnecting
    const { password } = s['sap-s4hana'].server.commands.rotateCredentials({}) as { password: string };
    await ui.admin('POST', `/admin/v1/connections/${s4.id}/sync`, {});
    await host.agent.sync.whenDone(s4.id);
    await waitUntil(() => host.agent.connections.get(s4.id).status === 'auth_required');

    const list = new ConnectionsPage(page);
    await list.waitGauge(13, 16);
    await list.banner.waitFor();
    for (const name of [S4, MAXIMO, UPKEEP]) await list.row(name).waitFor();
    expect(await list.status(S4).textContent()).toBe('Needs reconnect');
    expect(await list.status(MAXIMO).textContent()).toBe('Active');
    await page.mouse.move(0, 0);
    fs.copyFileSync(await screenshot(page, 'readme-connections-needs-reconnect'), docsScreenshot('connections-needs-reconnect'));

    const dialog = new ReconnectDialog(page);
    await list.bannerReconnect(S4).click();
    expect(await dialog.prefilled('User')).toBe('MW_ODATA');
    await dialog.enterSecret('Password', password);
    fs.copyFileSync(await screenshot(page, 'readme-reconnect-dialog'), docsScreenshot('reconnect-dialog'));

    await dialog.verify.click();
    await dialog.token.waitFor();
    const token = (await dialog.token.textContent())!.trim();
    expect(await apiStatus(host.apiUrl, token, '/v1/work-orders?limit=1')).toBe(200);
    expect(await apiStatus(host.apiUrl, s4.token)).toBe(401);
  });
});
