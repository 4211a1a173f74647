/**
 * A temp-dir attachment store for the edXML tests: the parser's sink writes each attachment to a
 * file named by its SHA-256, the exporter's source reads it back. It records what it was handed
 * (the size of every write, which writers were aborted) so tests can check streaming and cleanup.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { AttachmentRef, AttachmentSink, AttachmentSource, AttachmentWriter, DocumentPackage, EdxmlPackage } from '../../src/edxml/edxml-types.js';

export class BlobDir implements AttachmentSink {
  /** Size of every piece handed to write(), in order. */
  readonly pieces: number[] = [];
  readonly begun: { contentId: string; attachmentName: string; contentType: string }[] = [];
  aborted = 0;
  finished = 0;
  private next = 0;

  private constructor(readonly dir: string) {}

  static async create(): Promise<BlobDir> {
    return new BlobDir(await mkdtemp(join(tmpdir(), 'lt-edxml-')));
  }

  begin(info: { contentId: string; attachmentName: string; contentType: string }): AttachmentWriter {
    this.begun.push(info);
    const part = join(this.dir, `${this.next++}.part`);
    const hash = createHash('sha256');
    let size = 0;
    let stored = '';
    const file = open(part, 'w');
    return {
      write: async (bytes) => {
        this.pieces.push(bytes.length);
        hash.update(bytes);
        size += bytes.length;
        await (await file).write(bytes);
      },
      finish: async () => {
        await (await file).close();
        const sha256 = hash.digest('hex');
        stored = join(this.dir, sha256);
        await rename(part, stored);
        this.finished++;
        return { sha256, size };
      },
      abort: async () => {
        this.aborted++;
        await (await file).close().catch(() => undefined);
        await unlink(stored || part).catch(() => undefined);
      },
    };
  }

  /** Reads attachments back by SHA-256, in 64 KiB chunks. */
  readonly source: AttachmentSource = (ref: AttachmentRef) => createReadStream(join(this.dir, ref.sha256), { highWaterMark: 64 * 1024 });

  read(sha256: string): Promise<Buffer> {
    return readFile(join(this.dir, sha256));
  }

  files(): Promise<string[]> {
    return readdir(this.dir);
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** Every chunk of an async iterable of bytes, joined (for packages small enough to hold). */
export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** Yields `bytes` in pieces of `size` bytes, as a socket or file stream would. */
export async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

/** A maker of fresh BlobDirs for one test file; every one is removed after the file's tests. */
export function blobDirs(): () => Promise<BlobDir> {
  const dirs: BlobDir[] = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });
  return async () => {
    const d = await BlobDir.create();
    dirs.push(d);
    return d;
  };
}

/** The package as a document (fails the test when it is a status package). */
export function asDocument(pkg: EdxmlPackage): DocumentPackage {
  assert.equal(pkg.kind, 'document');
  return pkg as DocumentPackage;
}

/** Parses a package, hashing its attachments in memory instead of storing them. */
export function parseHashing(source: AsyncIterable<Buffer>): Promise<EdxmlPackage> {
  const sink: AttachmentSink = {
    begin: () => {
      const hash = createHash('sha256');
      let size = 0;
      return {
        write: async (b) => {
          hash.update(b);
          size += b.length;
        },
        finish: async () => ({ sha256: hash.digest('hex'), size }),
        abort: async () => undefined,
      };
    },
  };
  return parseEdxml(source, sink, { now: Date.now });
}
