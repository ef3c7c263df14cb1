// The app shell: the left navigation and the live-updates indicator.
import type { Page } from 'playwright';

type Section = 'Connections' | 'Credits' | 'Settings' | 'Webhooks' | 'Audit log';

export class AppPage {
  constructor(readonly page: Page) {}
  nav(name: Section) {
    return this.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: false }).first();
  }
  get live() { return this.page.getByRole('status', { name: 'Live updates: Live' }); }
  async goto(name: Section) {
    await this.nav(name).click();
    await this.page.getByRole('heading', { level: 2, name }).waitFor();
  }
  /** A toast notification containing the text. */
  notification(text: string | RegExp) { return this.page.locator('.mantine-Notification-root').filter({ hasText: text }); }
}
