// The add-connection dialog: system cards, the form, the one-time token.
import type { Page } from 'playwright';

export class AddConnectionDialog {
  constructor(readonly page: Page) {}
  get dialog() { return this.page.getByRole('dialog'); }
  system(name: string) { return this.dialog.getByRole('listitem', { name, exact: true }); }
  deployment(label: 'Cloud' | 'On-prem') { return this.dialog.getByRole('radio', { name: label }); }
  get costReason() { return this.dialog.getByTestId('cost-reason'); }
  field(label: string) { return this.dialog.getByLabel(new RegExp(`^${label}( [*])?$`)); }
  get nameField() { return this.dialog.getByRole('textbox', { name: 'Name' }); }
  get testButton() { return this.dialog.getByRole('button', { name: 'Test connection' }); }
  get connectButton() { return this.dialog.getByRole('button', { name: 'Connect', exact: true }); }
  get testOk() { return this.dialog.getByRole('status').filter({ hasText: 'Connection works' }); }
  /** The test's answer: the summary and the table of entities. */
  get testOutcome() { return this.dialog.getByTestId('test-outcome'); }
  get entities() { return this.dialog.getByRole('table', { name: 'Entity availability' }); }
  /** An entity's row by its label and state, e.g. ('Locations', 'not available'). */
  entity(label: string, state: 'available' | 'not available') { return this.entities.getByRole('row', { name: `${label}: ${state}`, exact: true }); }
  get advanced() { return this.dialog.getByRole('button', { name: 'Advanced options' }); }
  get allowInsecure() { return this.dialog.getByRole('switch', { name: /Allow plain http/ }); }
  get error() { return this.dialog.getByRole('alert'); }
  get creditsMissing() { return this.dialog.getByTestId('credits-missing'); }
  get token() { return this.dialog.getByTestId('api-token'); }
  get curl() { return this.dialog.getByTestId('curl-example'); }
  get copyToken() { return this.dialog.getByRole('button', { name: 'Copy token' }); }
  get done() { return this.dialog.getByRole('button', { name: 'Done' }); }
  async pick(name: string) { await this.system(name).click(); await this.connectButton.waitFor(); }
  async chooseDeployment(label: 'Cloud' | 'On-prem') {
    // SegmentedControl renders radios; the label is what takes the click.
    await this.dialog.locator('label').filter({ hasText: new RegExp(`^${label}$`) }).click();
  }
  async fillCredentials(values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value);
  }
  async connect(): Promise<string> {
    await this.connectButton.click();
    await this.token.waitFor();
    return (await this.token.textContent())!.trim();
  }
}
