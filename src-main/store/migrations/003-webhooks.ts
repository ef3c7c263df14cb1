export default {
  version: 3,
  name: 'webhooks: endpoints, outbox, delivery attempts, flows',
  sql: `
-- Webhook endpoints. Never secrets: the signing secrets live in the keychain
-- (webhook/<id>/secret, and webhook/<id>/secret-previous during a rotation);
-- the row keeps the current secret's SHA-256, as connections do for tokens, so
-- start-up repair can tell which keychain entry is the current one.
CREATE TABLE webhook_endpoints (
  id                    TEXT PRIMARY KEY,
  url                   TEXT NOT NULL,
  event_types           TEXT NOT NULL,             -- JSON: "all" or an array of event types
  connection_ids        TEXT NOT NULL,             -- JSON: "all" or an array of connection ids
  enabled               INTEGER NOT NULL CHECK (enabled IN (0,1)),
  description           TEXT,
  created_at            TEXT NOT NULL,
  secret_hash           TEXT NOT NULL,
  previous_secret_until INTEGER,                   -- ms epoch: the previous secret signs too until then
  failure_streak_since  INTEGER,                   -- ms epoch of the first failed attempt since the last success
  failing_since         TEXT,                      -- set once that streak is older than an hour
  disabled_reason       TEXT
);

-- The outbox: one row per (event, endpoint), written in the same transaction as
-- the change it reports. seq orders an endpoint's deliveries. Times the
-- dispatcher computes with are ms since the epoch.
CREATE TABLE webhook_outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,           -- dlv_…
  event_id         TEXT NOT NULL,                  -- evt_…: the webhook-id header, the same on every attempt
  endpoint_id      TEXT NOT NULL,
  type             TEXT NOT NULL,
  connection_id    TEXT,
  payload          TEXT NOT NULL,                  -- the exact body that is signed and sent
  status           TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,                        -- null unless pending
  expires_at       INTEGER NOT NULL,               -- give up after this (24 h after the event was queued)
  created_at       INTEGER NOT NULL
);
-- The dispatcher's query: each endpoint's oldest pending row.
CREATE INDEX webhook_outbox_pending ON webhook_outbox (endpoint_id, seq) WHERE status = 'pending';
-- The admin's delivery lists.
CREATE INDEX webhook_outbox_endpoint ON webhook_outbox (endpoint_id, seq);
CREATE INDEX webhook_outbox_status ON webhook_outbox (status, seq);

CREATE TABLE webhook_delivery_attempts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id      TEXT NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
  at               TEXT NOT NULL,
  status_code      INTEGER,
  duration_ms      INTEGER NOT NULL,
  error            TEXT,
  response_snippet TEXT
);
CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, id);

-- Flows: conditions on synced records (JSON data, interpreted, never code).
CREATE TABLE webhook_flows (
  id             TEXT PRIMARY KEY,
  connection_id  TEXT NOT NULL,
  entity         TEXT NOT NULL,
  trigger        TEXT NOT NULL CHECK (trigger IN ('created','updated','any')),
  conditions     TEXT NOT NULL,                    -- JSON array of {field, op, value}
  webhook_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  enabled        INTEGER NOT NULL CHECK (enabled IN (0,1)),
  description    TEXT,
  created_at     TEXT NOT NULL
);
CREATE INDEX webhook_flows_match ON webhook_flows (connection_id, entity) WHERE enabled = 1;
CREATE INDEX webhook_flows_endpoint ON webhook_flows (webhook_id);
`,
};
