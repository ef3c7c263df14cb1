// The webhooks screen: endpoints, the add dialog and its one-time secret, the
// delivery log, flows and the flow builder.
import type { Locator, Page } from 'playwright';

/** Picks an option of a Mantine Select/MultiSelect found by its accessible name. */
export async function choose(page: Page, input: Locator, option: string | RegExp) {
  await input.click();
  await page.getByRole('option', { name: option }).first().click();
}

export class WebhooksPage {
  constructor(readonly page: Page) {}
  get heading() { return this.page.getByRole('heading', { level: 2, name: 'Webhooks' }); }
  tab(name: 'Endpoints' | 'Delivery log' | 'Flows') { return this.page.getByRole('tab', { name }); }
  get addButton() { return this.page.getByRole('button', { name: 'Add webhook', exact: true }).first(); }
  get emptyState() { return this.page.getByText('No webhooks yet'); }
  get endpoints() { return this.page.getByRole('table', { name: 'Webhook endpoints' }); }
  row(url: string) { return this.endpoints.getByRole('row').filter({ hasText: url }); }
  enabled(url: string) { return this.page.getByRole('switch', { name: `Enabled: ${url}` }); }
  actions(url: string) { return this.page.getByRole('button', { name: `Actions for ${url}` }); }
  menuItem(name: string) { return this.page.getByRole('menuitem', { name }); }

  // add dialog
  get dialog() { return this.page.getByRole('dialog', { name: 'Add webhook' }); }
  get urlField() { return this.dialog.getByRole('textbox', { name: /^Endpoint URL/ }); }
  get allEvents() { return this.dialog.getByRole('checkbox', { name: /^All event types/ }); }
  get eventTypes() { return this.dialog.getByRole('combobox', { name: 'Event types' }); }
  get submit() { return this.dialog.getByRole('button', { name: 'Add webhook' }); }
  get secret() { return this.page.getByTestId('signing-secret'); }
  get done() { return this.page.getByRole('button', { name: 'Done' }); }

  // test send
  get testDialog() { return this.page.getByRole('dialog', { name: 'Send a test event' }); }

  // delivery log
  delivery(type: string, url: string) { return this.page.getByRole('button', { name: new RegExp(`^${type.replace('.', '\\.')} to ${url.replace(/[.?]/g, '\\$&')}`) }); }
  get deliveries() { return this.page.getByTestId('delivery'); }

  // flows
  get addFlow() { return this.page.getByRole('button', { name: 'Add flow' }).first(); }
  get flowDialog() { return this.page.getByRole('dialog', { name: 'Add flow' }); }
  get flows() { return this.page.getByRole('table', { name: 'Flows' }); }
  condition(n: number) { return this.flowDialog.getByRole('group', { name: `Condition ${n}` }); }
  /** A condition's input: a select (field, operator, enum values) or a text box (other values). */
  conditionInput(n: number, part: 'field' | 'operator' | 'value') { return this.flowDialog.locator(`input[aria-label="Condition ${n} ${part}"]`); }
  flowSelect(label: 'Connection' | 'Records' | 'When' | 'Send to') { return this.flowDialog.getByRole('combobox', { name: new RegExp(`^${label}`) }); }
}
