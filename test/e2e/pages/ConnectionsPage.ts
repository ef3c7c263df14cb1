// The connections list: rows, the credit gauge, the reconnect banner.
import type { Page } from 'playwright';

export class ConnectionsPage {
  constructor(readonly page: Page) {}
  get heading() { return this.page.getByRole('heading', { level: 2, name: 'Connections' }); }
  get addButton() { return this.page.getByRole('button', { name: 'Add connection' }).first(); }
  get emptyState() { return this.page.getByText('No connections yet'); }
  get addFirstButton() { return this.page.getByRole('button', { name: 'Add your first connection' }); }
  get table() { return this.page.getByRole('table', { name: 'Connections' }); }
  get gauge() { return this.page.getByRole('group', { name: /^Credits: / }); }
  get banner() { return this.page.getByRole('alert', { name: /needs? reconnecting$/ }); }
  get search() { return this.page.getByRole('textbox', { name: 'Search connections' }); }
  row(name: string) { return this.table.getByRole('row', { name, exact: true }); }
  cost(name: string) { return this.row(name).getByTestId('connection-cost'); }
  status(name: string) { return this.row(name).getByRole('cell').nth(3); }
  open(name: string) { return this.row(name).getByRole('button', { name: `Open ${name}` }); }
  actions(name: string) { return this.row(name).getByRole('button', { name: `Actions for ${name}` }); }
  bannerReconnect(name: string) { return this.banner.getByRole('button', { name: `Reconnect ${name}` }); }
  async waitReady() { await this.heading.waitFor(); await this.gauge.waitFor(); }
  /** Waits until the gauge says "<used> of <pool> used". */
  async waitGauge(used: number, pool: number) {
    await this.page.getByRole('group', { name: `Credits: ${used} of ${pool} used` }).waitFor();
  }
}
