/**
 * Attachment files on disk under `<dataDir>/attachments`:
 *   complete/<aa>/<sha256>  held and verified (named by content: stored once)
 *   partial/<sha256>        arriving from a peer; its durable prefix survives for a resume
 *   upload/<uuid>           an agency's upload until its hash is known (cleared at start)
 *   quarantine/<sha256>     a held file found damaged on this disk (recheck): moved aside for the
 *                           operator, never read or collected; a later one of the same name replaces it
 */
import { mkdirSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LienthongError } from '../../domain/errors.js';
import type { AttachmentWriter } from '../../edxml/edxml-types.js';
import type { AttachmentInfo, AttachmentReader, AttachmentStore, DeclaredUpload, IncomingFile, Recheck, SpacePolicy } from '../attachment-store.js';
import { diskSpace, lowSpaceFloor, mib, type DiskSpace } from '../disk-space.js';
import { DeclaredFileUpload } from './declared-upload.js';
import { FileReader } from './file-reader.js';
import { checkHeldFile } from './held-file-check.js';
import { PartialFile } from './incoming-file.js';
import { chooseToFree, RESCAN_AFTER_MS, roomAdvice, SPARE_RECENT_MS, type HeldFile, type RoomMade } from './space-pressure.js';
import { UploadFile } from './upload-file.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** How long a refusal for lack of space is shown by `status` and `check`: peers offer a refused file again with backoff (up to 5 min). */
export const SPACE_REFUSAL_SHOWN_MS = 5 * 60_000;
/** Files found damaged here whose note openReader gives, at most this many (the oldest go first). */
const DAMAGED_REMEMBERED = 1000;

/** Bytes the disk lacks for `bytes` more above its floor (0 or less: they fit). */
function shortBy(space: DiskSpace, bytes: number): number {
  return bytes + lowSpaceFloor(space.total) - space.free;
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

export class FileAttachmentStore implements AttachmentStore {
  private readonly complete: string;
  private readonly partial: string;
  private readonly uploads: string;
  private readonly arriving = new Map<string, { file: PartialFile; owner: string }>();
  /** Complete files known to exist (a cache in front of stat). */
  private readonly held = new Set<string>();
  /**
   * Files agencies' uploads hold until their packages are accepted or refused (release): counted
   * per upload, never collected, never dropped as orphans meanwhile.
   */
  private readonly pins = new Map<string, number>();
  /** Which files messages need, for giving up the retention of the others when space is short. */
  private policy: SpacePolicy | null = null;
  /** Room is made by one caller at a time. */
  private making: Promise<unknown> = Promise.resolve();
  /** The last look found nothing to give up: until `untilMs`, reuse its count instead of looking again. */
  private barren: { untilMs: number; keptBytes: number } | null = null;
  /** Bytes of files let in whose arrival has not begun yet (see promised). */
  private admitting = 0;
  /** The last refusal for lack of space, until a file fits again (see spaceRefusal). */
  private refusedForSpace: { atMs: number; message: string } | null = null;
  /** Checks of held files running (recheck), by SHA-256. */
  private readonly rechecks = new Map<string, Promise<Recheck>>();
  /** Files found damaged here and not held since: why openReader finds none (sha256 → what happened). */
  private readonly damaged = new Map<string, string>();
  private readonly quarantine: string;

  constructor(
    readonly root: string,
    /** The disk holding `root` (statfs; a test gives its own). */
    private readonly disk: (dir: string) => DiskSpace | null = diskSpace,
    /** Wall-clock time in ms (compared with files' mtimes). */
    private readonly now: () => number = Date.now,
  ) {
    this.complete = join(root, 'complete');
    this.partial = join(root, 'partial');
    this.uploads = join(root, 'upload');
    this.quarantine = join(root, 'quarantine');
    mkdirSync(this.complete, { recursive: true });
    mkdirSync(this.partial, { recursive: true });
    rmSync(this.uploads, { recursive: true, force: true });
    mkdirSync(this.uploads, { recursive: true });
  }

  private completePath(sha256: string): string {
    return join(this.complete, sha256.slice(0, 2), sha256);
  }

  private partialPath(sha256: string): string {
    return join(this.partial, sha256);
  }

  private check(sha256: string): void {
    if (!SHA256_HEX.test(sha256)) throw new LienthongError('INVALID_ARGUMENT', `"${sha256}" is not a hex SHA-256`);
  }

  has(sha256: string): boolean {
    if (this.held.has(sha256)) return true;
    if (!SHA256_HEX.test(sha256) || fileSize(this.completePath(sha256)) === null) return false;
    this.held.add(sha256);
    return true;
  }

  info(sha256: string): AttachmentInfo | null {
    this.check(sha256);
    const whole = fileSize(this.completePath(sha256));
    if (whole !== null) return { sha256, bytes: whole, complete: true };
    const arriving = this.arriving.get(sha256);
    if (arriving) return { sha256, bytes: arriving.file.committed, complete: false };
    const part = fileSize(this.partialPath(sha256));
    return part === null ? null : { sha256, bytes: part, complete: false };
  }

  async touch(sha256: string): Promise<void> {
    await this.refresh(sha256);
  }

  /** Touches a held file; false when it has gone meanwhile. */
  private async refresh(sha256: string): Promise<boolean> {
    const now = new Date();
    return utimes(this.completePath(sha256), now, now).then(
      () => true,
      () => false,
    );
  }

  /** A verified copy is in place (again). */
  private nowHeld(sha256: string): void {
    this.held.add(sha256);
    this.damaged.delete(sha256);
  }

  private pin(sha256: string): void {
    this.pins.set(sha256, (this.pins.get(sha256) ?? 0) + 1);
  }

  private unpin(sha256: string): void {
    const n = (this.pins.get(sha256) ?? 0) - 1;
    if (n > 0) this.pins.set(sha256, n);
    else {
      this.pins.delete(sha256);
      // A file no upload holds any more may be one to give up: look again.
      this.barren = null;
    }
  }

  hold(sha256s: readonly string[]): () => void {
    for (const sha of sha256s) this.pin(sha);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      for (const sha of sha256s) this.unpin(sha);
    };
  }

  release(sha256: string, orphan?: () => boolean): boolean {
    this.unpin(sha256);
    if (!orphan || this.pins.has(sha256) || this.arriving.has(sha256) || !orphan()) return false;
    // In this turn of the event loop, so no upload can find the file held between the checks and
    // the unlink.
    try {
      unlinkSync(this.completePath(sha256));
    } catch {
      return false;
    }
    this.held.delete(sha256);
    return true;
  }

  async openIncoming(sha256: string, size: number, owner: string): Promise<IncomingFile> {
    this.check(sha256);
    const current = this.arriving.get(sha256);
    if (current) {
      if (current.owner === owner) return current.file;
      throw new LienthongError('PEER_BUSY', `file ${sha256} is already arriving over another link: offer it again shortly`);
    }
    const target = this.completePath(sha256);
    // A file that cannot fit is refused before any of it is written, once files only the retention
    // kept are gone; what files already arriving will still write counts as taken.
    const needs = size - (fileSize(this.partialPath(sha256)) ?? 0);
    // roomFor checks before its first await; the bytes are reserved right after that check, so
    // offers answered in the same turn (one read of the link) see each other's.
    const room = this.roomFor(needs, `file ${sha256} (${mib(size)})`, sha256, needs);
    this.admitting += needs;
    try {
      await room;
      await mkdir(join(this.complete, sha256.slice(0, 2)), { recursive: true });
      const file = await PartialFile.open(
        sha256,
        size,
        this.partialPath(sha256),
        target,
        (f, complete) => {
          if (this.arriving.get(sha256)?.file === f) this.arriving.delete(sha256);
          if (complete) this.nowHeld(sha256);
        },
        (bytes) => this.afterFull(bytes),
      );
      if (this.arriving.has(sha256)) {
        await file.close();
        throw new LienthongError('PEER_BUSY', `file ${sha256} is already arriving over another link: offer it again shortly`);
      }
      this.arriving.set(sha256, { file, owner });
      return file;
    } finally {
      this.admitting -= needs;
    }
  }

  /**
   * Bytes the files let in will still write: the rest of each arriving file, and files let in
   * whose arrival is being set up. Room asked for comes on top, so six large files offered at
   * once cannot together take the disk below its floor (an examiner's run reached 0 bytes free).
   */
  private promised(): number {
    let n = this.admitting;
    for (const { file } of this.arriving.values()) n += Math.max(0, file.size - file.written);
    return n;
  }

  upload(): AttachmentWriter {
    return new UploadFile(join(this.uploads, randomUUID()), {
      place: async (sha256) => {
        this.pin(sha256);
        try {
          if (this.has(sha256) && (await this.refresh(sha256))) return null;
          this.held.delete(sha256);
          await mkdir(join(this.complete, sha256.slice(0, 2)), { recursive: true });
          return this.completePath(sha256);
        } catch (err) {
          this.unpin(sha256);
          throw err;
        }
      },
      placed: (sha256) => this.nowHeld(sha256),
      failed: (sha256) => this.unpin(sha256),
      full: (bytes) => this.afterFull(bytes),
    });
  }

  uploadDeclared(sha256: string, size: number, what: string): DeclaredUpload {
    this.check(sha256);
    const open = async (): Promise<IncomingFile | null> => {
      if (this.has(sha256)) return null;
      try {
        const file = await this.openIncoming(sha256, size, `upload#${randomUUID()}`);
        this.pin(sha256);
        return file;
      } catch (err) {
        if (err instanceof LienthongError && err.code === 'PEER_BUSY') return null;
        throw err;
      }
    };
    return new DeclaredFileUpload(sha256, size, what, open, () => this.upload(), () => this.unpin(sha256), (other) => this.unpin(other));
  }

  async openReader(sha256: string): Promise<AttachmentReader> {
    this.check(sha256);
    const whole = this.completePath(sha256);
    try {
      const st = await stat(whole);
      return await FileReader.open(whole, st.size, null, sha256);
    } catch {
      /* not complete: maybe arriving */
    }
    const arriving = this.arriving.get(sha256);
    if (arriving) {
      // The file may have completed (renamed) between the two checks: the open handle follows it.
      try {
        return await FileReader.open(this.partialPath(sha256), arriving.file.size, arriving.file, sha256);
      } catch {
        return await FileReader.open(whole, arriving.file.size, null, sha256);
      }
    }
    const damaged = this.damaged.get(sha256);
    throw new LienthongError('ATTACHMENT_MISSING', `file ${sha256} is not held on this node${damaged ? `: ${damaged}` : ''}`);
  }

  recheck(sha256: string): Promise<Recheck> {
    this.check(sha256);
    const running = this.rechecks.get(sha256);
    if (running) return running;
    const run = this.hashAgain(sha256).finally(() => this.rechecks.delete(sha256));
    this.rechecks.set(sha256, run);
    return run;
  }

  private async hashAgain(sha256: string): Promise<Recheck> {
    const r = await checkHeldFile(sha256, this.completePath(sha256), this.quarantine, () => this.held.delete(sha256));
    if (r.state !== 'damaged') return r;
    if (this.damaged.size >= DAMAGED_REMEMBERED) this.damaged.delete(this.damaged.keys().next().value!);
    this.damaged.set(sha256, `its copy here was damaged on this node's disk (its bytes hashed to ${r.found}) and ${r.movedTo ? `moved to ${r.movedTo}` : 'deleted'}; it is taken again when it is offered or uploaded again`);
    return r;
  }

  async collect(keep: ReadonlySet<string>, beforeMs: number): Promise<number> {
    let removed = 0;
    const candidates: string[] = [];
    for (const dir of readdirSync(this.complete)) {
      for (const name of readdirSync(join(this.complete, dir))) candidates.push(join(this.complete, dir, name));
    }
    for (const name of readdirSync(this.partial)) candidates.push(join(this.partial, name));
    for (const path of candidates) {
      const sha256 = path.slice(-64);
      if (keep.has(sha256) || this.arriving.has(sha256) || this.pins.has(sha256)) continue;
      const st = await stat(path).catch(() => null);
      if (!st || st.mtimeMs >= beforeMs) continue;
      await unlink(path).catch(() => undefined);
      this.held.delete(sha256);
      removed++;
    }
    return removed;
  }

  whenShort(policy: SpacePolicy): void {
    this.policy = policy;
  }

  makeRoom(bytes: number, what: string): Promise<void> {
    return this.roomFor(bytes, what, null);
  }

  /**
   * makeRoom, sparing the partial file of `resuming` (the room asked for counts on its bytes). The
   * check runs before the first await; `reservedAfterCheck`: bytes the caller reserves right after
   * it (not counted again in the refusal's message).
   */
  private async roomFor(bytes: number, what: string, resuming: string | null, reservedAfterCheck = 0): Promise<void> {
    const space = this.disk(this.root);
    const promised = this.promised();
    if (!space || shortBy(space, bytes + promised) <= 0) return this.fits();
    const r = await this.freeRetained(bytes + promised, resuming);
    if (r.fits) return this.fits();
    const now = this.disk(this.root) ?? space;
    const still = this.promised() - reservedAfterCheck;
    const coming = still > 0 ? ` and the ${mib(still)} still to arrive of files being received` : '';
    const floor = `the ${mib(lowSpaceFloor(now.total))} kept free for forwarding and acknowledgements${coming}`;
    const message = bytes > 0
      ? `the disk holding ${this.root} has ${mib(now.free)} free: ${what} does not fit with ${floor}, so it is refused and taken when offered again once there is room; ${roomAdvice(r)}`
      : `the disk holding ${this.root} has ${mib(now.free)} free, under ${floor}: ${what} are refused; ${roomAdvice(r)}`;
    this.refusedForSpace = { atMs: this.now(), message };
    throw new LienthongError('STORE_FULL', message);
  }

  /** A file fits: an earlier refusal for space no longer stands. */
  private fits(): void {
    this.refusedForSpace = null;
  }

  spaceRefusal(): string | null {
    const r = this.refusedForSpace;
    return r !== null && this.now() - r.atMs < SPACE_REFUSAL_SHOWN_MS ? `attachment files are refused: ${r.message}` : null;
  }

  /** A write failed for lack of space: files only the retention kept make room for `bytes`; says what was done. */
  private async afterFull(bytes: number): Promise<string> {
    return roomAdvice(await this.freeRetained(bytes));
  }

  /**
   * Under space pressure, gives up the retention: deletes files no message needs (none arriving,
   * held by an upload or just touched), oldest first, until `bytes` more fit above the floor.
   */
  private freeRetained(bytes: number, resuming: string | null = null): Promise<RoomMade> {
    const run = this.making.then(async (): Promise<RoomMade> => {
      if (this.barren && this.now() < this.barren.untilMs) {
        const space = this.disk(this.root);
        return { freedBytes: 0, keptBytes: this.barren.keptBytes, fits: space === null || shortBy(space, bytes) <= 0 };
      }
      this.barren = null;
      const held = await this.heldFiles();
      const total = held.reduce((n, f) => n + f.bytes, 0);
      const before = this.disk(this.root);
      if (!before) return { freedBytes: 0, keptBytes: total, fits: true };
      let needed: ReadonlySet<string> | null = null;
      try {
        needed = this.policy?.needed() ?? null;
      } catch {
        // The message store cannot say (closing): nothing goes early.
      }
      const now = this.now();
      const spare = (sha256: string) => sha256 === resuming || this.arriving.has(sha256) || this.pins.has(sha256);
      const candidates = needed ? held.filter((f) => !needed.has(f.sha256) && !spare(f.sha256) && now - f.mtimeMs >= SPARE_RECENT_MS) : [];
      let freedBytes = 0;
      let files = 0;
      for (const f of chooseToFree(candidates, shortBy(before, bytes))) {
        // Checked again in this turn: an upload or a link may have taken it meanwhile.
        if (spare(f.sha256)) continue;
        try {
          unlinkSync(f.path);
        } catch {
          continue;
        }
        this.held.delete(f.sha256);
        freedBytes += f.bytes;
        files++;
      }
      if (files > 0) this.policy?.freed?.(files, freedBytes);
      else if (candidates.length === 0 && needed && !held.some((f) => f.sha256 === resuming)) this.barren = { untilMs: now + RESCAN_AFTER_MS, keptBytes: total };
      const after = this.disk(this.root);
      return { freedBytes, keptBytes: total - freedBytes, fits: after === null || shortBy(after, bytes) <= 0 };
    });
    this.making = run.catch(() => undefined);
    return run;
  }

  /** Every file held, complete or partial, with its size and when it was last touched. */
  private async heldFiles(): Promise<HeldFile[]> {
    const paths: string[] = [];
    for (const dir of readdirSync(this.complete)) {
      for (const name of readdirSync(join(this.complete, dir))) paths.push(join(this.complete, dir, name));
    }
    for (const name of readdirSync(this.partial)) paths.push(join(this.partial, name));
    const out: HeldFile[] = [];
    for (const path of paths) {
      const st = await stat(path).catch(() => null);
      if (st) out.push({ path, sha256: path.slice(-64), bytes: st.size, mtimeMs: st.mtimeMs });
    }
    return out;
  }

  usage(): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    const count = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const size = fileSize(join(dir, name));
        if (size === null) continue;
        files++;
        bytes += size;
      }
    };
    for (const dir of readdirSync(this.complete)) count(join(this.complete, dir));
    count(this.partial);
    return { files, bytes };
  }

  async close(): Promise<void> {
    await Promise.all([...this.arriving.values()].map((a) => a.file.close().catch(() => undefined)));
  }
}
