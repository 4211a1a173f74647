/** Write and durability helpers for the attachment files. */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Syncs the directory holding `path`, so a rename or create in it survives a power cut. */
export async function syncDir(path: string): Promise<void> {
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Writes `length` bytes of `source` from `start` at file position `position`, however many calls it takes. */
export async function writeAll(fh: FileHandle, source: Buffer, start: number, length: number, position: number): Promise<void> {
  let at = 0;
  while (at < length) {
    const { bytesWritten } = await fh.write(source, start + at, length - at, position + at);
    at += bytesWritten;
  }
}
