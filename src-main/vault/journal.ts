// The vault journal: SQLite rows naming keychain accounts that an operation is
// about to write or delete. Committed before the keychain is touched and
// settled after, so reconciliation after a crash never needs to list the keychain.
import type { Db } from '../store/db.js';
import { nowIso } from '../store/db.js';

export class VaultJournal {
  constructor(private readonly db: Db) {}

  /** Call before writing/deleting these accounts (or inside the transaction that orders their deletion). */
  open(ownerId: string, accounts: string[]): void {
    const put = this.db.prepare('INSERT OR REPLACE INTO vault_journal (account, owner_id, at) VALUES (?, ?, ?)');
    const at = nowIso();
    for (const a of accounts) put.run(a, ownerId, at);
  }

  settle(accounts: string[]): void {
    const del = this.db.prepare('DELETE FROM vault_journal WHERE account = ?');
    for (const a of accounts) del.run(a);
  }

  pending(): { account: string; owner_id: string }[] {
    return this.db.prepare('SELECT account, owner_id FROM vault_journal ORDER BY at').all() as { account: string; owner_id: string }[];
  }
}
