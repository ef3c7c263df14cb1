export default {
  version: 1,
  name: 'foundation: settings, connections, credit ledger',
  sql: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL              -- JSON
);

CREATE TABLE connections (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  system            TEXT NOT NULL,
  deployment        TEXT NOT NULL CHECK (deployment IN ('cloud','on_prem')),
  base_url          TEXT,
  credits           INTEGER NOT NULL CHECK (credits >= 0),
  status            TEXT NOT NULL CHECK (status IN ('active','auth_required','inactive')),
  health            TEXT NOT NULL DEFAULT 'unknown' CHECK (health IN ('online','offline','unknown')),
  status_reason     TEXT,
  status_changed_at TEXT,
  created_at        TEXT NOT NULL,
  last_sync_at      TEXT,
  user_metadata     TEXT NOT NULL DEFAULT '{}',   -- JSON
  options           TEXT NOT NULL DEFAULT '{}',   -- JSON, never secrets
  token_hash        TEXT NOT NULL UNIQUE          -- SHA-256 hex of the API token
);

-- The keychain's journal: accounts about to be written or deleted, committed
-- before the keychain is touched, so start-up can finish or undo what a crash
-- interrupted without listing the keychain. Holds account names, never secrets.
CREATE TABLE vault_journal (
  account   TEXT PRIMARY KEY,
  owner_id  TEXT NOT NULL,
  at        TEXT NOT NULL
);

-- Append-only: rows are never updated or deleted (triggers below enforce it).
CREATE TABLE credit_ledger (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('consume','return')),
  connection_id TEXT NOT NULL,
  amount        INTEGER NOT NULL CHECK (amount > 0),
  balance_after INTEGER NOT NULL,
  reason        TEXT NOT NULL
);
CREATE INDEX credit_ledger_connection ON credit_ledger (connection_id);
CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE ON credit_ledger
  BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END;
CREATE TRIGGER credit_ledger_no_delete BEFORE DELETE ON credit_ledger
  BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END;
`,
};
