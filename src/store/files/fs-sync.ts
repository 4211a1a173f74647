/** Durability helpers for the attachment files. */
import { open } from 'node:fs/promises';
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
