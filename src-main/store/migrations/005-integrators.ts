export default {
  version: 5,
  name: 'for integrators: audit log, events feed, record-event filters, pause',
  sql: `
-- The audit log: every write through the unified API, every passthrough call
-- and every admin action, refused ones included. Append-only (the triggers
-- below), like the credit ledger. Never a secret, never a body: the detail
-- carries sizes and SHA-256 digests at most.
CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL,              -- "admin", or the calling token's connection id (never the token)
  kind           TEXT NOT NULL CHECK (kind IN ('write','passthrough','admin')),
  connection_id  TEXT,
  method         TEXT NOT NULL,
  path           TEXT NOT NULL,
  status         INTEGER NOT NULL,
  duration_ms    INTEGER NOT NULL,
  detail         TEXT NOT NULL
);
CREATE INDEX audit_log_connection ON audit_log (connection_id, id);
CREATE INDEX audit_log_kind ON audit_log (kind, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The events feed (GET /v1/events): every webhook event of a connection, with
-- the id and body its deliveries carry, written in the transaction of the
-- change it reports. seq is the feed's order: SQLite has one writer at a time,
-- so seq values become visible in order and a cursor on seq skips nothing.
-- Rows older than 30 days are pruned.
CREATE TABLE event_feed (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL UNIQUE,       -- evt_…, the webhook-id of its deliveries
  connection_id  TEXT NOT NULL,
  type           TEXT NOT NULL,
  created_at     INTEGER NOT NULL,           -- ms since the epoch (pruning)
  body           TEXT NOT NULL               -- the exact JSON body webhooks deliver
);
CREATE INDEX event_feed_connection ON event_feed (connection_id, seq);
CREATE INDEX event_feed_created ON event_feed (created_at);

-- Record events can be narrowed to some entities per endpoint: JSON "all" or an array.
ALTER TABLE webhook_endpoints ADD COLUMN entities TEXT NOT NULL DEFAULT '"all"';

-- Scheduled syncs paused by the admin (reads and manual syncs go on).
ALTER TABLE connections ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0,1));

-- When an entity's listing last completed. Record events start once an entity
-- has completed its first listing: the initial load is summarised by sync.completed.
ALTER TABLE sync_state ADD COLUMN completed_at TEXT;
`,
};
