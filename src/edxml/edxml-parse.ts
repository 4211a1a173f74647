/**
 * Reads an edXML package (QCVN 102:2016) from a stream of bytes. The small elements (the envelope:
 * header and manifest) are kept as a tree and checked as soon as the envelope closes; attachment
 * bodies are never kept: their base64 text is decoded as it arrives, from the raw bytes past the XML
 * parser, and handed to the sink in pieces of at most 1 MiB, the reading waiting for each write. A 300 MB package costs a few MB of memory.
 *
 * Any failure aborts every attachment writer already started, then rejects with INVALID_EDXML
 * (naming the element and the rule), DOCUMENT_TOO_LARGE, or the sink's own error.
 */
import type { Readable } from 'node:stream';
import { LienthongError } from '../domain/errors.js';
import { PackageReader, type ParseOptions } from './edxml-package-reader.js';
import type { AttachmentSink, EdxmlPackage } from './edxml-types.js';

export type { ParseOptions };

/** Input is fed to the XML parser in slices of at most this size, so its text pieces stay small. */
const FEED_BYTES = 64 * 1024;
/** Attachment text is decoded in slices of at most this size (its strings stay young in V8). */
const TEXT_BYTES = 96 * 1024;

export async function parseEdxml(
  source: AsyncIterable<Buffer> | Readable,
  sink: AttachmentSink,
  opts: ParseOptions,
): Promise<EdxmlPackage> {
  const reader = new PackageReader(sink, opts);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  /** The package's first byte (-1 before any). */
  let first = -1;
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? utf8.decode(bytes, { stream: true }) : utf8.decode();
    } catch (err) {
      const rule = first === 0xff || first === 0xfe
        ? `is not UTF-8 text: it starts with byte 0x${first.toString(16).toUpperCase()}, a UTF-16 byte order mark; save the package as UTF-8`
        : `is not UTF-8 text (bad byte sequence within the first ${total} bytes)`;
      throw new LienthongError('INVALID_EDXML', `edXML: ${rule}`, { cause: err });
    }
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (first < 0 && bytes.length > 0) first = bytes[0]!;
      total += bytes.length;
      reader.checkSize(total, "the package's bytes");
      for (let at = 0; at < bytes.length; ) {
        if (reader.inAttachmentText) {
          // Attachment text goes straight to its base64 decoder, up to the next tag (or a character
          // reference, which the XML parser resolves: from there on the text goes through it).
          const lt = bytes.indexOf(0x3c, at);
          const amp = bytes.indexOf(0x26, at);
          const end = Math.min(lt < 0 ? bytes.length : lt, amp < 0 ? bytes.length : amp);
          for (; at < end; at = Math.min(end, at + TEXT_BYTES)) {
            reader.attachmentText(bytes.subarray(at, Math.min(end, at + TEXT_BYTES)));
            await reader.drain();
          }
          if (at === bytes.length) break;
        }
        // Everything else goes through the XML parser, which stops after each ">": after the start
        // tag of an attachment's text, that text is read as above.
        const gt = bytes.indexOf(0x3e, at);
        const end = Math.min(gt < 0 ? bytes.length : gt + 1, at + FEED_BYTES);
        reader.feed(decode(bytes.subarray(at, end)));
        await reader.drain();
        at = end;
      }
    }
    reader.feed(decode());
    reader.close();
    await reader.drain();
    return reader.result();
  } catch (err) {
    await reader.abortAll();
    throw err;
  }
}
