export default {
  version: 2,
  name: 'unified records, sync state and history, events',
  sql: `
-- Every synced record of every entity. Unified fields live in data (JSON) with
-- the columns the API filters and pages on pulled out beside it.
CREATE TABLE records (
  id             TEXT PRIMARY KEY,           -- stable unified id, derived from (connection, entity, remote_id)
  connection_id  TEXT NOT NULL,
  entity         TEXT NOT NULL,
  remote_id      TEXT NOT NULL,
  seq            INTEGER NOT NULL,           -- change sequence: the paging order, strictly increasing per write
  updated_at     TEXT NOT NULL,              -- when Millwright stored the last change (non-decreasing with seq)
  created_at     TEXT NOT NULL,
  deleted_at     TEXT,
  status         TEXT,
  vendor_id      TEXT,
  asset_id       TEXT,
  location_id    TEXT,
  content_hash   TEXT NOT NULL,              -- detects "changed" for systems without change stamps
  listing_id     TEXT,                       -- the last full listing that saw it (deletion by absence)
  data           TEXT NOT NULL,              -- unified record JSON, without remote_data
  remote_data    TEXT NOT NULL,
  UNIQUE (connection_id, entity, remote_id)
);
CREATE INDEX records_page ON records (connection_id, entity, seq);
CREATE INDEX records_updated ON records (connection_id, entity, updated_at);
CREATE INDEX records_status ON records (connection_id, entity, status, seq);
CREATE INDEX records_vendor ON records (connection_id, entity, vendor_id, seq) WHERE vendor_id IS NOT NULL;
CREATE INDEX records_asset ON records (connection_id, entity, asset_id, seq) WHERE asset_id IS NOT NULL;
CREATE INDEX records_location ON records (connection_id, entity, location_id, seq) WHERE location_id IS NOT NULL;

CREATE TABLE record_seq (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT INTO record_seq (id, value) VALUES (1, 0);

-- Where each entity's sync stands. Written in the same transaction as the page
-- of records it describes, so a sync killed half-way resumes exactly there.
CREATE TABLE sync_state (
  connection_id  TEXT NOT NULL,
  entity         TEXT NOT NULL,
  since          TEXT,                       -- checkpoint: the system's change time reached by the last complete listing
  listing_id     TEXT,                       -- set while a listing is under way
  listing_since  TEXT,                       -- the since that listing started from (null: a full listing)
  cursor         TEXT,                       -- the next page of that listing
  high_water     TEXT,                       -- newest change time seen by that listing
  PRIMARY KEY (connection_id, entity)
);

CREATE TABLE sync_runs (
  id             TEXT PRIMARY KEY,
  connection_id  TEXT NOT NULL,
  mode           TEXT NOT NULL,
  status         TEXT NOT NULL,
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  counts         TEXT NOT NULL DEFAULT '{}',
  progress       TEXT NOT NULL DEFAULT '{"entity":null,"records":0}',
  error          TEXT
);
CREATE INDEX sync_runs_connection ON sync_runs (connection_id, started_at);

-- What happened, for the admin event stream and (later) the webhook outbox.
CREATE TABLE events (
  id             TEXT PRIMARY KEY,
  at             TEXT NOT NULL,
  type           TEXT NOT NULL,
  connection_id  TEXT,
  data           TEXT NOT NULL
);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_connection ON events (connection_id, at);
`,
};
