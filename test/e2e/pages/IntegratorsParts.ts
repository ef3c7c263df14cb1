// Page objects for what integrators need: a connection's "Schedule and load"
// settings, the audit log screen, and the entities choice of the Add webhook dialog.
import type { Page } from 'playwright';

export class ConnectionSettingsPart {
  constructor(readonly page: Page) {}
  get region() { return this.page.getByRole('region', { name: 'Schedule and load' }); }
  get pause() { return this.region.getByRole('button', { name: 'Pause scheduled syncs' }); }
  get resume() { return this.region.getByRole('button', { name: 'Resume scheduled syncs' }); }
  get interval() { return this.region.getByRole('textbox', { name: /^Sync every/ }); }
  get cap() { return this.region.getByRole('textbox', { name: /^Max concurrent requests/ }); }
  get addWindow() { return this.region.getByRole('button', { name: 'Add a window' }); }
  windowStart(n: number) { return this.region.getByLabel(`Window ${n} from`); }
  windowEnd(n: number) { return this.region.getByLabel('until').nth(n - 1); }
  passthrough(label: 'Read only' | 'Read and write' | 'Off') { return this.region.getByText(label, { exact: true }); }
  get save() { return this.region.getByRole('button', { name: 'Save settings' }); }
}

export class AuditPage {
  constructor(readonly page: Page) {}
  get heading() { return this.page.getByRole('heading', { level: 2, name: 'Audit log' }); }
  get table() { return this.page.getByRole('table', { name: 'Audit log' }); }
  get rows() { return this.table.getByRole('row'); }
  get connection() { return this.page.getByRole('combobox', { name: 'Connection' }); }
  get kind() { return this.page.getByRole('combobox', { name: 'Kind' }); }
  get refresh() { return this.page.getByRole('button', { name: 'Refresh' }); }
}

export class WebhookEntitiesPart {
  constructor(readonly page: Page) {}
  get dialog() { return this.page.getByRole('dialog', { name: 'Add webhook' }); }
  get allEntities() { return this.dialog.getByRole('checkbox', { name: /^Record events of all entities/ }); }
  get entities() { return this.dialog.getByRole('combobox', { name: 'Entities' }); }
}
