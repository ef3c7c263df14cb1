import type { Page } from 'playwright';

export class SettingsPage {
  constructor(readonly page: Page) {}
  get pool() { return this.page.getByRole('textbox', { name: 'Credit pool' }); }
  get apiHost() { return this.page.getByRole('textbox', { name: 'API host' }); }
  get apiPort() { return this.page.getByRole('textbox', { name: 'API port' }); }
  get adminPort() { return this.page.getByRole('textbox', { name: 'Admin port' }); }
  get notifications() { return this.page.getByRole('switch', { name: 'Desktop notifications' }); }
  get insecure() { return this.page.getByRole('switch', { name: 'Allow insecure webhook URLs (http://)' }); }
  get cidrs() { return this.page.getByRole('combobox', { name: 'Allowed private networks (CIDR)' }); }
  get save() { return this.page.getByRole('button', { name: 'Save settings' }); }
}

export class AboutAgentPart {
  constructor(readonly page: Page) {}
  get table() { return this.page.getByRole('table', { name: 'About this agent' }); }
  get version() { return this.page.getByTestId('agent-version'); }
  get dataDir() { return this.page.getByTestId('agent-data-dir'); }
  get keychain() { return this.page.getByTestId('keychain-status'); }
}
