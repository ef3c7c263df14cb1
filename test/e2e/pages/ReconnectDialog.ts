// The reconnect dialog for field engineers.
import type { Page } from 'playwright';

export class ReconnectDialog {
  constructor(readonly page: Page) {}
  get dialog() { return this.page.getByRole('dialog', { name: 'Reconnect' }); }
  get reason() { return this.dialog.getByTestId('reconnect-reason'); }
  field(label: string) { return this.dialog.getByLabel(new RegExp(`^${label}( [*])?$`)); }
  get verify() { return this.dialog.getByRole('button', { name: 'Verify and reconnect' }); }
  get error() { return this.dialog.getByRole('alert'); }
  get token() { return this.dialog.getByTestId('api-token'); }
  get oldTokenNotice() { return this.dialog.getByText('The old token no longer works'); }
  get done() { return this.dialog.getByRole('button', { name: 'Done' }); }
  /** The stored value of a non-secret field, once the form has filled it in (the engineer does not type it). */
  async prefilled(label: string): Promise<string> {
    const input = await this.field(label).elementHandle();
    await this.page.waitForFunction((el) => (el as HTMLInputElement).value !== '', input);
    return this.field(label).inputValue();
  }
  /** Types only the new secret, as a field engineer does. */
  async enterSecret(label: string, value: string) {
    await this.field(label).fill(value);
  }
}
