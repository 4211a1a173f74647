-- The tamper-evident audit log (src/audit/audit-entry.ts defines the entries and their hashes).
-- Entries are written inside the transactions of the events they record, so an entry exists if and
-- only if its event committed. Append-only: the triggers refuse changes; someone who drops them is
-- still caught by `lienthong audit verify` (hash chain and signed checkpoints).
CREATE TABLE audit_log (
  seq        INTEGER NOT NULL PRIMARY KEY,  -- 1, 2, 3... without gaps
  at         INTEGER NOT NULL,              -- ms since the epoch
  event      TEXT    NOT NULL,              -- accepted | created | forwarded | delivered | ...
  message_id TEXT    NOT NULL,
  kind       TEXT    NOT NULL,              -- document | status | '' (unknown)
  sender     TEXT    NOT NULL,
  recipients TEXT    NOT NULL,              -- codes joined by '\n'
  peer       TEXT    NOT NULL,              -- peer node or agency, '' when none
  code       TEXT    NOT NULL,              -- error code, or status code for statuses
  reason     TEXT    NOT NULL,
  ref        TEXT    NOT NULL,              -- for statuses: the message they are about
  prev_hash  TEXT    NOT NULL,              -- hex SHA-256 of the entry before (zeros for the first)
  hash       TEXT    NOT NULL               -- hex SHA-256 of this entry's canonical encoding
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The newest entry at a moment, signed with the node's TLS key (so the end of the log cannot be cut
-- off, nor the chain rewritten, without that key).
CREATE TABLE audit_checkpoints (
  id        INTEGER NOT NULL PRIMARY KEY,
  seq       INTEGER NOT NULL,
  hash      TEXT    NOT NULL,
  at        INTEGER NOT NULL,
  node_code TEXT    NOT NULL,
  signer    TEXT    NOT NULL,  -- SHA-256 fingerprint of the certificate in audit_signers
  signature TEXT    NOT NULL   -- base64
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq, id);

-- Certificates that signed checkpoints (a node's certificate is renewed; old checkpoints stay
-- verifiable).
CREATE TABLE audit_signers (
  fingerprint TEXT NOT NULL PRIMARY KEY,
  certificate TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_signers_no_update BEFORE UPDATE ON audit_signers
BEGIN SELECT RAISE(ABORT, 'audit signers are append-only'); END;
CREATE TRIGGER audit_signers_no_delete BEFORE DELETE ON audit_signers
BEGIN SELECT RAISE(ABORT, 'audit signers are append-only'); END;
