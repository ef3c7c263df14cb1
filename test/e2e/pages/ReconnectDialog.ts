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
  async fill(values: Record<string, string>) {
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value);
  }
}
