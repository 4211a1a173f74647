/**
 * An attachment sink that keeps nothing: each file is hashed as it streams and forgotten, so a
 * package can be read and checked (its references, sizes and SHA-256s) without a byte on disk.
 * For SendEdxmlOptions.form_only, where the node answers the bytes to sign and takes nothing in.
 */
import { createHash } from 'node:crypto';
import type { AttachmentSink, AttachmentWriter } from './edxml-types.js';

export function hashingWriter(): AttachmentWriter {
  const hash = createHash('sha256');
  let size = 0;
  return {
    write: async (bytes) => {
      hash.update(bytes);
      size += bytes.length;
    },
    finish: async () => ({ sha256: hash.digest('hex'), size }),
    abort: async () => undefined,
  };
}

/** A sink of hashingWriters; `header` as AttachmentSink's (the sender checked before any file). */
export function hashingSink(header?: AttachmentSink['header']): AttachmentSink {
  return header ? { begin: hashingWriter, header } : { begin: hashingWriter };
}
