-- The first schema of the lienthong store. Times are milliseconds since the Unix epoch.

-- Every message this node holds, stored once. The body stays last so reading the other columns
-- does not load its overflow pages. A rowid table: bodies are too large for WITHOUT ROWID.
CREATE TABLE messages (
  id            TEXT    NOT NULL PRIMARY KEY,  -- UUIDv7, network-unique
  kind          TEXT    NOT NULL,              -- 'document' | 'status'
  sender        TEXT    NOT NULL,
  priority      INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  ref_id        TEXT,                          -- for statuses: the message they are about
  received_from TEXT    NOT NULL,              -- peer code, agency code or 'local'
  accepted_at   INTEGER NOT NULL,
  envelope      TEXT    NOT NULL,              -- JSON Envelope (everything but the body)
  trace         TEXT    NOT NULL,              -- JSON Hop[] as accepted here
  body          BLOB    NOT NULL
);
CREATE INDEX messages_ref ON messages (ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX messages_accepted ON messages (accepted_at);

-- One row per (message, recipient) this node has seen: the dedup key and the delivery status.
CREATE TABLE recipients (
  message_id TEXT    NOT NULL,
  recipient  TEXT    NOT NULL,
  state      TEXT    NOT NULL,  -- queued | forwarded | inbox | acknowledged | failed | expired
  next_hop   TEXT    NOT NULL DEFAULT '',
  detail     TEXT    NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, recipient)
) WITHOUT ROWID;

-- One copy of a message waiting for one next hop. AUTOINCREMENT: an id is never reused, so a late
-- acknowledgement can never remove another entry.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id      TEXT    NOT NULL,
  next_hop        TEXT    NOT NULL,
  recipients      TEXT    NOT NULL,  -- recipient codes joined by '\n'
  priority        INTEGER NOT NULL,
  state           TEXT    NOT NULL,  -- queued | inflight | held | failed | expired
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  sender          TEXT    NOT NULL,
  size            INTEGER NOT NULL
);
-- leaseDue walks this index in order and checks due time without touching the table.
CREATE INDEX outbox_due ON outbox (next_hop, state, priority DESC, id, next_attempt_at);
CREATE INDEX outbox_expiry ON outbox (state, expires_at);
CREATE INDEX outbox_message ON outbox (message_id);

-- Messages delivered to attached agencies. AUTOINCREMENT: seq only grows, so paging by seq never
-- skips an item even after purges.
CREATE TABLE inbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  agency       TEXT    NOT NULL,
  message_id   TEXT    NOT NULL,
  state        TEXT    NOT NULL,  -- pending | acknowledged
  delivered_at INTEGER NOT NULL,
  acked_at     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (agency, message_id)
);
CREATE INDEX inbox_agency ON inbox (agency, seq);
CREATE INDEX inbox_pending ON inbox (agency, seq) WHERE state = 'pending';
CREATE INDEX inbox_message ON inbox (message_id);

CREATE TABLE counters (
  name  TEXT    NOT NULL PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES
  ('accepted', 0), ('forwarded', 0), ('delivered', 0), ('expired', 0),
  ('failed', 0), ('refused', 0), ('duplicates', 0);
