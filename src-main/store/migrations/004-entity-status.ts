export default {
  version: 4,
  name: 'per-entity availability and sync status, sync warnings',
  sql: `
-- Whether each entity is offered to a connection's user (checked at connect and
-- on every sync) and how its last listing went.
CREATE TABLE entity_status (
  connection_id  TEXT NOT NULL,
  entity         TEXT NOT NULL,
  available      INTEGER NOT NULL,           -- 1: offered; 0: not (reason says why)
  reason         TEXT,                       -- the system's own reason when not available
  action         TEXT,                       -- what to ask the system's admin for
  checked_at     TEXT NOT NULL,
  sync_status    TEXT,                       -- synced | unavailable | failed; null until first listed
  last_error     TEXT,                       -- JSON {code, message} of the last failed listing
  PRIMARY KEY (connection_id, entity)
);

-- What a completed (or failed) run could not do: unavailable or failed entities.
ALTER TABLE sync_runs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
`,
};
