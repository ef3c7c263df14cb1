import type { Page } from 'playwright';

export class SettingsPage {
  constructor(readonly page: Page) {}
  get pool() { return this.page.getByRole('textbox', { name: 'Credit pool' }); }
  get apiHost() { return this.page.getByRole('textbox', { name: 'API host' }); }
  get apiPort() { return this.page.getByRole('textbox', { name: 'API port' }); }
  get notifications() { return this.page.getByRole('switch', { name: 'Desktop notifications' }); }
  get insecure() { return this.page.getByRole('switch', { name: 'Allow insecure webhook URLs (http://)' }); }
  get cidrs() { return this.page.getByRole('textbox', { name: 'Allowed private networks (CIDR)' }); }
  get save() { return this.page.getByRole('button', { name: 'Save settings' }); }
}
