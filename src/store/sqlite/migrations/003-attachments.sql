-- Which messages refer to which attachment files. The files live under <dataDir>/attachments,
-- named by SHA-256 and stored once; a row here is what keeps a file. released_at is 0 while the
-- message still needs its files on this node (an outbox entry or an unacknowledged inbox item
-- holds it), otherwise when it stopped: the file goes limits.attachmentRetention after that.
CREATE TABLE message_attachments (
  message_id  TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  released_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (message_id, sha256)
) WITHOUT ROWID;
CREATE INDEX message_attachments_sha ON message_attachments (sha256, released_at);

-- Status packages from agencies name the document they answer by its edXML DocumentId.
CREATE TABLE edxml_documents (
  document_id TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  PRIMARY KEY (document_id, message_id)
) WITHOUT ROWID;
