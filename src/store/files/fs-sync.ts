/** Write and durability helpers: the attachment files, and small files replaced whole (revocations.json, audit-head.json). */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
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

/**
 * Replaces the file at `path` with `text` atomically and durably: a temporary file beside it,
 * fsync, rename, fsync of the folder. A crash leaves the old content or the new, never half.
 */
export function replaceFileSync(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** `replaceFileSync` without blocking the event loop on the disk. */
export async function replaceFile(path: string, text: string, mode = 0o644): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncDir(path);
}
