// The Diagnose panel of the connection page, and Settings → Backup and restore / Support.
import type { Page } from 'playwright';

export class DiagnosePart {
  constructor(readonly page: Page) {}
  get region() { return this.page.getByRole('region', { name: 'Diagnose' }); }
  get run() { return this.region.getByRole('button', { name: 'Diagnose' }); }
  get checks() { return this.region.getByRole('table', { name: 'Diagnosis checks' }); }
  /** A check's row by its label and state, e.g. ('Certificate (TLS)', 'failed'). */
  check(label: string, state: 'passed' | 'failed' | 'not run') { return this.checks.getByRole('row', { name: `${label}: ${state}` }); }
  get summary() { return this.region.getByRole('status'); }
}

export class BackupPart {
  constructor(readonly page: Page) {}
  get region() { return this.page.getByRole('region', { name: 'Backup and restore' }); }
  get passphrase() { return this.region.getByLabel('Backup passphrase', { exact: true }); }
  get passphraseAgain() { return this.region.getByLabel('Passphrase again', { exact: true }); }
  get download() { return this.region.getByRole('button', { name: 'Download backup' }); }
  get restoreForm() { return this.region.getByRole('form', { name: 'Restore a backup' }); }
  get fileInput() { return this.restoreForm.locator('input[type=file]'); }
  get restorePassphrase() { return this.region.getByLabel('Passphrase of that backup', { exact: true }); }
  get replace() { return this.region.getByRole('checkbox', { name: 'Replace the connections, webhooks and flows this agent has now' }); }
  get restore() { return this.region.getByRole('button', { name: 'Restore backup' }); }
  alert(title: string) { return this.region.getByRole('alert').filter({ hasText: title }).or(this.region.getByRole('status').filter({ hasText: title })); }
}

export class SupportPart {
  constructor(readonly page: Page) {}
  get region() { return this.page.getByRole('region', { name: 'Support' }); }
  get download() { return this.region.getByRole('button', { name: 'Download support bundle' }); }
}
