// One connection's page.
import type { Page } from 'playwright';

export class ConnectionDetailPage {
  constructor(readonly page: Page) {}
  heading(name: string) { return this.page.getByRole('heading', { level: 2, name }); }
  get overview() { return this.page.getByRole('table', { name: 'Overview' }); }
  get syncHistory() { return this.page.getByRole('table', { name: 'Sync history' }); }
  get syncNow() { return this.page.getByRole('button', { name: 'Sync now' }); }
  get fullResync() { return this.page.getByRole('button', { name: 'Full resync' }); }
  get reveal() { return this.page.getByRole('button', { name: 'Reveal', exact: true }); }
  get tokenField() { return this.page.getByRole('textbox', { name: 'Token' }); }
  get rotate() { return this.page.getByRole('button', { name: 'Rotate token…' }); }
  get deactivate() { return this.page.getByRole('button', { name: 'Deactivate' }); }
  get activate() { return this.page.getByRole('button', { name: 'Activate' }); }
  get disconnect() { return this.page.getByRole('button', { name: 'Disconnect', exact: true }); }
  get back() { return this.page.getByRole('button', { name: 'Back to connections' }); }
  /** The confirmation dialog (disconnect, deactivate, rotate). */
  confirmDialog(title: string | RegExp) { return this.page.getByRole('dialog', { name: title }); }
}
