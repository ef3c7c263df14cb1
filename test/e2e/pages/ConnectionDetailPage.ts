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
  /** The Entities section: what this connection's user may read. */
  get entities() { return this.page.getByRole('region', { name: 'Entities' }); }
  entity(label: string, state: 'available' | 'not available') { return this.entities.getByRole('row', { name: `${label}: ${state}`, exact: true }); }
  /** The confirmation dialog (disconnect, deactivate, rotate). */
  confirmDialog(title: string | RegExp) { return this.page.getByRole('dialog', { name: title }); }
}

/** The records browser and the "Webhooks and flows" section of the detail page. */
export class RecordsBrowserPart {
  constructor(readonly page: Page) {}
  entity(name: string) { return this.page.getByRole('tab', { name }); }
  get search() { return this.page.getByRole('textbox', { name: 'Search records' }); }
  list(entityLabel: string) { return this.page.getByRole('list', { name: `${entityLabel} records` }); }
  get count() { return this.page.getByTestId('records-count'); }
  open(title: string) { return this.page.getByRole('button', { name: `Open ${title}`, exact: true }); }
  get json() { return this.page.getByTestId('record-json'); }
  get hooks() { return this.page.getByRole('region', { name: 'Webhooks and flows' }); }
}
