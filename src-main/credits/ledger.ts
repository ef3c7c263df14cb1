// credits/ owns the pool and the append-only credit ledger. `used` is derived
// from the ledger, and every ledger row is written in the same SQLite
// transaction as the connection status change it pays for, so
// used == sum(cost of connections holding credits) holds after any crash.
import type { Db } from '../store/db.js';
import { nowIso } from '../store/db.js';
import { fail } from '../contract/errors.js';
import type { Credits, LedgerEntry } from '../contract/credits.js';

/** The credit ledger. A connection holds its credits while active or auth_required (it keeps its slot until reconnected or deactivated): the lifecycle consumes and gives back. */
export class CreditLedger {
  constructor(private readonly db: Db, private readonly pool: () => number) {}

  used(): number {
    const row = this.db.prepare(
      `SELECT COALESCE(SUM(CASE kind WHEN 'consume' THEN amount ELSE -amount END), 0) AS used FROM credit_ledger`,
    ).get() as { used: number };
    return row.used;
  }

  available(): number {
    return this.pool() - this.used();
  }

  /** Call inside the transaction that activates the connection. */
  consume(connectionId: string, amount: number, reason: string): void {
    if (amount === 0) return;
    const available = this.available();
    if (available < amount) {
      throw fail('insufficient_credits', `Not enough credits: this connection costs ${amount}, ${available} available (${amount - available} missing).`,
        { credits_missing: amount - available });
    }
    this.append('consume', connectionId, amount, available - amount, reason);
  }

  /** Call inside the transaction that deactivates or deletes the connection. */
  giveBack(connectionId: string, amount: number, reason: string): void {
    if (amount === 0) return;
    this.append('return', connectionId, amount, this.available() + amount, reason);
  }

  private append(kind: 'consume' | 'return', connectionId: string, amount: number, balanceAfter: number, reason: string) {
    this.db.prepare('INSERT INTO credit_ledger (at, kind, connection_id, amount, balance_after, reason) VALUES (?, ?, ?, ?, ?, ?)')
      .run(nowIso(), kind, connectionId, amount, balanceAfter, reason);
  }

  summary(limit = 500): Credits {
    const used = this.used();
    const pool = this.pool();
    const ledger = this.db.prepare('SELECT * FROM credit_ledger ORDER BY id DESC LIMIT ?').all(limit) as LedgerEntry[];
    return { pool, used, available: pool - used, ledger };
  }
}
