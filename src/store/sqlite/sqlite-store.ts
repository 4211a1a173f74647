/**
 * The Store on SQLite. Write verbs become closures run by the group committer (one transaction per
 * event-loop turn); read verbs are synchronous queries on committed data.
 */
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { AuditCheckpoint } from '../../audit/audit-checkpoint.js';
import type { MissingCheckpoint, UnsignedEntries } from '../../audit/audit-checkpoint-policy.js';
import { isAuditedRefusal } from '../../audit/audit-entry.js';
import { lostEntriesRef, type LostEntries } from '../../audit/audit-head-loss.js';
import { LienthongError } from '../../domain/errors.js';
import { diskSpace, lowDiskSpace, type DiskSpace } from '../disk-space.js';
import type {
  AgencyCode,
  Clock,
  InboxItem,
  OutboxEntry,
  OutboxState,
  RecipientState,
  RouteDecision,
  StatusReport,
  Transfer,
} from '../../domain/types.js';
import type {
  AcceptItem,
  AcceptResult,
  AgencyBacklog,
  CounterName,
  FollowUp,
  OutboxDepth,
  OutboxQuery,
  RefusalRecord,
  RerouteResult,
  Store,
  StoredMessage,
} from '../store.js';
import { acceptItems } from './accept.js';
import { GroupCommit, type CommitObserver } from './group-commit.js';
import * as inboxVerbs from './inbox.js';
import { appliedMigrations, type AppliedMigration } from './migrate.js';
import * as outboxVerbs from './outbox-writes.js';
import * as reads from './reads.js';
import { isStoreFull, mapSqliteError, storeFullError } from './sqlite-errors.js';
import { prepareStatements, PURGE_CHUNK, type Statements } from './statements.js';
import { NO_WAL_SYNC, walFileSync } from './wal-sync.js';


/**
 * Pages kept free for draining once new messages are refused: marking entries delivered, failing
 * or expiring them (with their non-delivery reports), acknowledgements and their statuses 01 (an
 * acknowledgement first releases its document's body, which gives back more than its status takes
 * unless the body is under a page). 5% of the limit, at least 64 pages and at most a quarter of it.
 */
function reservePages(maxPages: number): number {
  return Math.min(Math.max(64, Math.floor(maxPages / 20)), Math.floor(maxPages / 4));
}

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

export interface SqliteStoreDiagnostics {
  journalMode: string;
  synchronous: string;
  busyTimeoutMs: number;
  cacheSize: number;
  pageSize: number;
  pageCount: number;
  freePages: number;
  maxPageCount: number;
  commitCount: number;
}

export class SqliteStore implements Store {
  private readonly s: Statements;
  private readonly writes: GroupCommit;
  private readonly now: Clock;
  private closed = false;
  /** Accept refuses new messages once this many pages are in use (Infinity: no limit). */
  private readonly acceptPages: number;
  /** Pages in use as of commit `usedAt`, and pages promised since to accepts not committed yet. */
  private usedAt = -1;
  private used = 0;
  private promised = 0;
  private readonly pageSize: number;
  /**
   * A write failed for lack of space (SQLITE_FULL): until documents are taken in again. Not until
   * any commit: small bookkeeping (an audit checkpoint) still fits in free pages while documents
   * do not, and health would flicker.
   */
  private fullSince: { atMs: number; message: string } | null = null;
  /**
   * Counts not committed yet: count() adds here, and the commit that writes them takes them off.
   * counters() adds them in, so a count made while nothing can be written (a full disk) shows at
   * once and is written with a later commit (the next count, the next document taken in, close).
   */
  private readonly unsaved = new Map<CounterName, number>();
  /**
   * The last reading of the disk's free space: kept a second while there is room (accept is on the
   * hot path), read again at every call while there is not (so documents are taken as soon as room
   * is made).
   */
  private lowDisk: { atMs: number; reason: string | null } | null = null;
  /** Reads the disk holding the store (statfs; a test gives its own). */
  readDisk: (dir: string) => DiskSpace | null = diskSpace;
  /** The write carrying the unsaved counts, while one is queued (one at a time: never counted twice). */
  private savingCounts: object | null = null;
  readonly path: string;
  readonly maxBytes: number | undefined;

  /** Use `openSqliteStore`: it sets the pragmas and migrates the schema first. */
  constructor(
    private readonly db: Database.Database,
    opts: { path: string; maxBytes: number | undefined; now: Clock; onCommit?: CommitObserver | undefined },
  ) {
    this.path = opts.path;
    this.maxBytes = opts.maxBytes;
    this.now = opts.now;
    this.s = prepareStatements(db);
    const audit = this.s.audit;
    this.writes = new GroupCommit(db, (err) => this.mapError(err), {
      onCommit: opts.onCommit,
      onBegin: () => audit.begin(),
      wal: db.memory ? NO_WAL_SYNC : walFileSync(`${db.name}-wal`),
    });
    const maxPages = db.pragma('max_page_count', { simple: true }) as number;
    this.pageSize = db.pragma('page_size', { simple: true }) as number;
    this.acceptPages = opts.maxBytes === undefined ? Infinity : maxPages - reservePages(maxPages);
  }

  canAccept(): boolean {
    return !this.closed && this.writes.failed === null && this.fullReason() === null;
  }

  fullReason(): string | null {
    if (this.closed) return null;
    if (this.fullSince !== null) return `${this.fullSince.message} (a write failed for lack of space at ${new Date(this.fullSince.atMs).toISOString()})`;
    if (!this.hasRoom()) return storeFullError(this.path, this.maxBytes, undefined).message;
    return this.lowDiskSpace();
  }

  /**
   * Why the disk holding the store is under its free-space floor, or null. Under it new documents
   * are refused like on a full store, so the room left goes to forwarding and acknowledgements
   * (status, check and health say the same).
   */
  private lowDiskSpace(): string | null {
    if (this.db.memory) return null;
    const at = performance.now();
    if (this.lowDisk === null || this.lowDisk.reason !== null || at - this.lowDisk.atMs >= 1_000) {
      this.lowDisk = { atMs: at, reason: lowDiskSpace(dirname(this.path), this.readDisk) };
    }
    return this.lowDisk.reason;
  }

  writeFault(): string | null {
    return this.writes.failed?.message ?? null;
  }

  /** Transactions committed since open: writes issued in one turn share one. */
  get commitCount(): number {
    return this.writes.commitCount;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  diagnostics(): SqliteStoreDiagnostics {
    const p = (name: string): unknown => this.open().db.pragma(name, { simple: true });
    return {
      journalMode: String(p('journal_mode')),
      synchronous: SYNCHRONOUS[p('synchronous') as number] ?? String(p('synchronous')),
      busyTimeoutMs: p('busy_timeout') as number,
      cacheSize: p('cache_size') as number,
      pageSize: p('page_size') as number,
      pageCount: p('page_count') as number,
      freePages: p('freelist_count') as number,
      maxPageCount: p('max_page_count') as number,
      commitCount: this.writes.commitCount,
    };
  }

  migrations(): AppliedMigration[] {
    return appliedMigrations(this.open().db);
  }

  // ---- writes

  /**
   * Refused with STORE_FULL once the store is near its size limit, so the pages left let queues
   * drain; also when a write does not fit at all.
   */
  accept(items: AcceptItem[], committed?: (results: AcceptResult[]) => void): Promise<AcceptResult[]> {
    if (!this.closed && !this.roomFor(this.pagesFor(items))) {
      return Promise.reject(storeFullError(this.path, this.maxBytes, undefined));
    }
    // Statuses (and non-delivery reports) are small and are what lets senders know: they keep the
    // room under the floor, with forwarding and acknowledgements.
    const documents = items.some((i) => i.message.kind === 'document');
    const low = this.closed || !documents ? null : this.lowDiskSpace();
    if (low !== null) return Promise.reject(new LienthongError('STORE_FULL', `the store at ${this.path} takes no new documents: ${low}`));
    return this.write((s) => acceptItems(s, items), committed).then((results) => {
      this.fullSince = null; // documents fit again
      this.saveCounts();
      return results;
    });
  }

  /** The lease is bookkeeping a crash may lose (recoverInflight): committed at once, unsynced. */
  leaseDue(nextHop: string, nowMs: number, limit: number, maxBytes?: number): Promise<Transfer[]> {
    const s = this.s;
    try {
      // A link asks after every acknowledgement and every second: most of the time nothing is
      // due, which one indexed read tells without a write transaction.
      if (!this.closed && (limit <= 0 || s.dueSizes.get(nextHop, nowMs) === undefined)) return Promise.resolve([]);
      return Promise.resolve(this.writes.runUnsynced(() => outboxVerbs.leaseDue(s, nextHop, nowMs, limit, maxBytes)));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Lazy (no fsync of its own): if a crash loses it, the entries are in flight at the next start,
   * are sent again, and the next hop answers DUPLICATE, which clears them.
   */
  markDelivered(entryIds: number[], nowMs: number): Promise<void> {
    const s = this.s;
    return this.writes.runLazy(() => outboxVerbs.markDelivered(s, entryIds, nowMs));
  }

  reschedule(entryIds: number[], nextAttemptAtMs: number, error: string): Promise<void> {
    return this.write((s) => outboxVerbs.reschedule(s, entryIds, nextAttemptAtMs, error));
  }

  fail(entryIds: number[], errorCode: string, reason: string, nowMs: number, followUp: FollowUp): Promise<void> {
    return this.write((s) => outboxVerbs.fail(s, entryIds, errorCode, reason, nowMs, followUp));
  }

  expireDue(nowMs: number, followUp: FollowUp): Promise<OutboxEntry[]> {
    return this.write((s) => outboxVerbs.expireDue(s, nowMs, followUp));
  }

  recoverInflight(nowMs: number): Promise<number> {
    return this.write((s) => outboxVerbs.recoverInflight(s, nowMs));
  }

  hold(ids: number[]): Promise<number> {
    return this.write((s) => outboxVerbs.hold(s, ids));
  }

  release(ids: number[]): Promise<number> {
    return this.write((s) => outboxVerbs.release(s, ids));
  }

  requeue(ids: number[], nowMs: number, extendMs: number): Promise<number> {
    return this.write((s) => outboxVerbs.requeue(s, ids, nowMs, extendMs));
  }

  reroute(ids: number[], route: (recipient: AgencyCode) => RouteDecision, nowMs: number, extendMs: number): Promise<RerouteResult> {
    return this.write((s) => outboxVerbs.reroute(s, ids, route, nowMs, extendMs));
  }

  flush(ids: number[], nowMs: number, nextHop?: string): Promise<number> {
    return this.write((s) => outboxVerbs.flush(s, ids, nowMs, nextHop));
  }

  remove(ids: number[], followUp?: FollowUp): Promise<number> {
    return this.write((s) => outboxVerbs.remove(s, ids, this.now(), followUp));
  }

  acknowledge(
    agency: AgencyCode,
    messageIds: string[],
    nowMs: number,
    followUp: (item: InboxItem) => AcceptItem[],
  ): Promise<string[]> {
    return this.write((s) => inboxVerbs.acknowledge(s, agency, messageIds, nowMs, followUp));
  }

  count(name: CounterName, by: number): void {
    this.open();
    this.unsaved.set(name, (this.unsaved.get(name) ?? 0) + by);
    this.saveCounts();
  }

  /**
   * Queues a write of the unsaved counts for the next commit, unless one is queued. If it fails (a
   * full disk), they stay in memory for the next try.
   */
  private saveCounts(): void {
    if (this.savingCounts !== null || this.unsaved.size === 0 || this.closed || this.writes.failed !== null) return;
    const token = {};
    this.savingCounts = token;
    const { s, unsaved } = this;
    const done = (): void => {
      if (this.savingCounts === token) this.savingCounts = null;
    };
    this.writes
      .run(
        // Reads the counts when the transaction runs (run again alone if its batch fails).
        () => {
          const taken = [...unsaved];
          for (const [name, by] of taken) s.bump.run(by, name);
          return taken;
        },
        (taken) => {
          // Committed: the database holds them now (before the sync: reads see the commit).
          for (const [name, by] of taken) {
            const left = (unsaved.get(name) ?? 0) - by;
            if (left === 0) unsaved.delete(name);
            else unsaved.set(name, left);
          }
          done();
        },
      )
      .catch(done);
  }

  recordRefusal(r: RefusalRecord): void {
    if (this.closed || !isAuditedRefusal(r.code)) return;
    const s = this.s;
    this.writes.post(() =>
      s.audit.append(r.nowMs, {
        event: 'refused', messageId: r.messageId, kind: r.kind ?? '', sender: r.sender, recipients: r.recipients ?? [], peer: r.peer,
        code: r.code, reason: r.reason, ref: '',
      }),
    );
  }

  recordAuditCheckpoint(checkpoint: AuditCheckpoint, certificatePem: string): Promise<void> {
    return this.write((s) => s.audit.checkpoint(checkpoint, certificatePem));
  }

  auditUnsigned(): UnsignedEntries | null {
    return this.open().s.audit.unsigned();
  }

  recordAuditUnsigned(found: MissingCheckpoint, nowMs: number): Promise<void> {
    return this.write((s) => s.audit.append(nowMs, {
      event: 'unsigned-found', messageId: '', kind: '', sender: '', recipients: [], peer: '',
      code: 'AUDIT_UNSIGNED', reason: found.detail, ref: `${found.fromSeq}-${found.toSeq}`,
    }));
  }

  auditHashAt(seq: number): string | null {
    return this.open().s.audit.hashAt(seq);
  }

  auditLossRecorded(seq: number, hash: string): boolean {
    return this.open().s.audit.lossRecorded(seq, hash);
  }

  recordAuditLost(lost: LostEntries, nowMs: number): Promise<void> {
    return this.write((s) => s.audit.append(nowMs, {
      event: 'entries-lost', messageId: '', kind: '', sender: '', recipients: [], peer: '',
      code: 'AUDIT_LOST', reason: lost.detail, ref: lostEntriesRef(lost),
    }));
  }

  /** The audit log is never purged with the messages: see `lienthong audit export`. */
  async purge(beforeMs: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.write((s) => {
        const ids = s.purgeable.all(beforeMs);
        for (const id of ids) {
          s.deleteMessage.run(id);
          s.deleteRecipients.run(id);
          s.deleteInbox.run(id);
          s.deleteMessageAttachments.run(id);
          s.deleteEdxmlDocument.run(id);
        }
        return ids.length;
      });
      total += n;
      if (n < PURGE_CHUNK) return total;
    }
  }

  // ---- reads

  attachmentsInUse(releasedSinceMs: number): Set<string> {
    return new Set(this.open().s.attachmentsInUse.all(releasedSinceMs));
  }

  attachmentReferenced(sha256: string): boolean {
    return this.open().s.attachmentReferenced.get(sha256) !== undefined;
  }

  entryIds(nextHop: string, states: OutboxState[]): number[] {
    return reads.entryIds(this.open().db, nextHop, states);
  }

  inbox(agency: AgencyCode, afterSeq: number, limit: number, includeAcknowledged: boolean): InboxItem[] {
    return inboxVerbs.inbox(this.open().s, agency, afterSeq, limit, includeAcknowledged);
  }

  message(id: string): StoredMessage | null {
    return reads.message(this.open().s, id);
  }

  recipients(messageId: string): RecipientState[] {
    return reads.recipients(this.open().s, messageId);
  }

  documentByEdxmlId(documentId: string, agency: string, issuer = '', except = ''): string | null {
    return this.open().s.documentByEdxmlId.get(documentId, issuer, issuer, except, agency, agency) ?? null;
  }

  statusesFor(refMessageId: string): StatusReport[] {
    return reads.statusesFor(this.open().s, refMessageId);
  }

  outbox(query: OutboxQuery): OutboxEntry[] {
    return reads.outbox(this.open().db, query);
  }

  outboxDepths(): OutboxDepth[] {
    return reads.outboxDepths(this.open().s);
  }

  counters(): Record<CounterName, number> {
    const out = reads.counters(this.open().s);
    for (const [name, by] of this.unsaved) out[name] += by;
    return out;
  }

  auditHead(): { seq: number; hash: string } | null {
    return this.open().s.audit.committedHead();
  }

  auditCheckpointedSeq(): number {
    return this.open().s.audit.checkpointedSeq();
  }

  auditCheckpointNode(): string | null {
    return this.open().s.audit.checkpointNode();
  }

  unacknowledgedInbox(): number {
    return this.open().s.unacknowledged.get() ?? 0;
  }

  unacknowledgedByAgency(): AgencyBacklog[] {
    return this.open().s.unacknowledgedByAgency.all();
  }

  releaseCache(): void {
    if (!this.closed) this.db.pragma('shrink_memory');
  }

  /** Commits pending writes, then closes the database. Later calls fail with SHUTTING_DOWN. */
  close(): void {
    if (this.closed) return;
    this.saveCounts();
    this.closed = true;
    this.writes.close();
    this.db.close();
  }

  private mapError(err: unknown): LienthongError {
    const e = mapSqliteError(err, this.path, this.maxBytes);
    if (isStoreFull(err)) this.fullSince ??= { atMs: this.now(), message: e.message };
    return e;
  }

  /** Pages in use only change on commit: check once per commit. */
  /** Pages in use, counting those promised to accepts since the last commit. */
  private usedPages(): number {
    const commits = this.writes.commitCount;
    if (commits !== this.usedAt) {
      this.usedAt = commits;
      this.used = this.s.usedPages.get() ?? 0;
      this.promised = 0;
    }
    return this.used + this.promised;
  }

  /** Room for at least a small document (a page of body, a page of envelope and rows). */
  private hasRoom(): boolean {
    return this.acceptPages === Infinity || this.usedPages() + 2 <= this.acceptPages;
  }

  /**
   * Whether `pages` more fit under the accept limit; if so they are promised until the next commit.
   * Checking the size, not only the level, keeps the reserve whole: a store at its limit whose
   * agency acknowledges one document (its body freed, a status 01 added) would otherwise take the
   * next document into the freed pages, a page or two over the limit each time, until the reserve
   * was gone and acknowledgements themselves failed (an operator probe: 17 of 54 went through).
   */
  private roomFor(pages: number): boolean {
    if (this.acceptPages === Infinity) return true;
    if (this.usedPages() + pages > this.acceptPages) return false;
    this.promised += pages;
    return true;
  }

  /** About what `items` take: each body's pages and a page for its envelope, rows and audit entries. */
  private pagesFor(items: readonly AcceptItem[]): number {
    return items.reduce((n, i) => n + Math.ceil(i.message.body.length / this.pageSize) + 1, 0);
  }

  private write<T>(work: (s: Statements) => T, committed?: (result: T) => void): Promise<T> {
    const s = this.s;
    return this.writes.run(() => work(s), committed);
  }

  private open(): this {
    if (this.closed) {
      throw new LienthongError(
        'SHUTTING_DOWN',
        `the store at ${this.path} is closed: the node is shutting down; retry on the restarted node`,
      );
    }
    return this;
  }
}
