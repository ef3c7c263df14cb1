import type { Page } from 'playwright';

export class CreditsPage {
  constructor(readonly page: Page) {}
  stat(label: 'Pool' | 'Used' | 'Available', value: number) { return this.page.getByRole('group', { name: `${label}: ${value}` }); }
  get breakdown() { return this.page.getByRole('table', { name: 'Credits by connection' }); }
  get ledger() { return this.page.getByRole('table', { name: 'Credit ledger' }); }
}
