/**
 * The audit log's pure parts: canonical encoding (RFC 8785 for the entry array), the chain and what
 * the verifier says about each kind of tampering, signed checkpoints, `--since`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { ChainVerifier } from '../../src/audit/audit-chain.js';
import { CheckpointSigner, type AuditCheckpoint } from '../../src/audit/audit-checkpoint.js';
import { AUDIT_EVENTS, boundRecord, canonicalEntry, chainEntry, entryHash, GENESIS_HASH, type AuditEntry, type AuditRecord } from '../../src/audit/audit-entry.js';
import { parseSince } from '../../src/audit/audit-since.js';
import { verifyAudit, type AuditSource } from '../../src/audit/audit-verify.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';

/** The package is CommonJS (`module.exports = serialize`); its typings describe an ES default export. */
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

const T0 = 1_760_000_000_000;
const NODE = '000.00.24.H44';

/** The events of a working node ('unsigned-found' and 'entries-lost' mark a log that lost checkpoints or entries: tested on their own). */
const WORK_EVENTS = AUDIT_EVENTS.filter((e) => e !== 'unsigned-found' && e !== 'entries-lost');

function record(i: number): AuditRecord {
  return {
    event: WORK_EVENTS[i % WORK_EVENTS.length]!,
    messageId: `0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    kind: i % 3 === 0 ? 'status' : 'document',
    sender: '000.00.24.H44',
    recipients: ['000.00.00.H44', '000.46.24.H44'],
    peer: '000.00.00.H44',
    code: i % 5 === 0 ? 'SENDER_NOT_ALLOWED' : '',
    reason: `công văn số ${i}`,
    ref: '',
  };
}

function chainOf(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) out.push(chainEntry(out.at(-1) ?? null, T0 + i, record(i)));
  return out;
}

/** Re-chains entries from index `from` on (an attacker without the key who recomputes hashes). */
function rehash(entries: AuditEntry[], from: number): AuditEntry[] {
  const out = entries.slice(0, from);
  for (const e of entries.slice(from)) {
    const prevHash = out.at(-1)?.hash ?? GENESIS_HASH;
    const x = { ...e, prevHash };
    out.push({ ...x, hash: entryHash(x) });
  }
  return out;
}

function source(entries: AuditEntry[], checkpoints: AuditCheckpoint[] = [], certs = new Map<string, string>()): AuditSource {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  return {
    entries: () => sorted,
    checkpoints: () => [...checkpoints].sort((a, b) => a.seq - b.seq),
    signer: (fp) => certs.get(fp) ?? null,
    seqOfHash: (h) => sorted.find((e) => e.hash === h)?.seq,
  };
}

const trustAll = { trustSigner: () => null };

describe('audit entries', () => {
  it('encodes an entry as its RFC 8785 canonical JSON array', () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.nat(), atMs: fc.nat(), event: fc.constantFrom(...AUDIT_EVENTS), messageId: fc.string(), kind: fc.string(),
          sender: fc.string(), recipients: fc.array(fc.string()), peer: fc.string(), code: fc.string(), reason: fc.string({ unit: 'grapheme' }),
          ref: fc.string(), prevHash: fc.string(),
        }),
        (e) => {
          const c = canonicalEntry(e);
          assert.equal(c, canonicalize(JSON.parse(c)));
          assert.deepEqual(JSON.parse(c).slice(1, 3), [e.seq, e.atMs]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('chains from the genesis hash, numbering from 1', () => {
    const [a, b] = chainOf(2);
    assert.equal(a!.seq, 1);
    assert.equal(a!.prevHash, GENESIS_HASH);
    assert.equal(b!.seq, 2);
    assert.equal(b!.prevHash, a!.hash);
    assert.match(b!.hash, /^[0-9a-f]{64}$/);
  });

  it('bounds hostile fields and leaves no lone surrogate (UTF-8 storage must read back the same)', () => {
    const r = boundRecord({ ...record(1), reason: 'x'.repeat(5000), messageId: `\ud800${'y'.repeat(300)}`, recipients: Array(5000).fill('a') });
    assert.equal(r.reason.length, 1000);
    assert.ok(r.messageId.length <= 200);
    assert.equal(Buffer.from(r.messageId, 'utf8').toString('utf8'), r.messageId);
    assert.equal(r.recipients.length, 1000);
  });
});

describe('chain verification', () => {
  it('passes an intact chain', () => {
    const r = verifyAudit(source(chainOf(50)), trustAll);
    assert.equal(r.ok, true);
    assert.equal(r.entries, 50);
    assert.equal(r.lastSeq, 50);
    assert.equal(r.unanchored, 50);
  });

  const cases: { name: string; tamper: (e: AuditEntry[]) => AuditEntry[]; seq: number; kind: string; detail: RegExp }[] = [
    { name: 'an edited field', tamper: (e) => e.map((x) => (x.seq === 17 ? { ...x, reason: 'sửa lại' } : x)), seq: 17, kind: 'edited', detail: /entry 17 .* does not match its hash/ },
    { name: 'an edited recipient list', tamper: (e) => e.map((x) => (x.seq === 3 ? { ...x, recipients: ['000.00.00.H29'] } : x)), seq: 3, kind: 'edited', detail: /entry 3 / },
    { name: 'a deleted middle entry', tamper: (e) => e.filter((x) => x.seq !== 20), seq: 20, kind: 'missing', detail: /entry 20 is missing/ },
    { name: 'three deleted entries', tamper: (e) => e.filter((x) => x.seq < 20 || x.seq > 22), seq: 20, kind: 'missing', detail: /entries 20 to 22 are missing/ },
    { name: 'two swapped entries', tamper: (e) => e.map((x) => (x.seq === 10 ? { ...x, seq: 11 } : x.seq === 11 ? { ...x, seq: 10 } : x)), seq: 10, kind: 'moved', detail: /seq 10 was written as entry 11/ },
    { name: 'a deleted entry with the rest renumbered', tamper: (e) => e.filter((x) => x.seq !== 30).map((x) => (x.seq > 30 ? { ...x, seq: x.seq - 1 } : x)), seq: 30, kind: 'moved', detail: /written as entry 31/ },
    { name: 'an entry edited and re-hashed alone', tamper: (e) => { const x = e.map((y) => (y.seq === 8 ? { ...y, peer: '000.00.00.H29' } : y)); const t = x[7]!; x[7] = { ...t, hash: entryHash(t) }; return x; }, seq: 9, kind: 'wrong-link', detail: /entry 9 does not follow entry 8/ },
    { name: 'an inserted entry', tamper: (e) => [...e.slice(0, 5), chainEntry(e[4]!, T0, record(99)), ...e.slice(5).map((x) => ({ ...x, seq: x.seq + 1 }))], seq: 7, kind: 'moved', detail: /written as entry 6/ },
  ];
  for (const c of cases) {
    it(`names the first bad entry after ${c.name}`, () => {
      const r = verifyAudit(source(c.tamper(chainOf(40))), trustAll);
      assert.equal(r.ok, false);
      assert.equal(r.problem?.kind, c.kind, r.problem?.detail);
      assert.equal(r.problem?.seq, c.seq, r.problem?.detail);
      assert.match(r.problem!.detail, c.detail);
      assert.equal(r.entries, c.seq - 1, 'entries before it check out');
    });
  }

  it('finds any single edit, deletion or swap, at the entry it touched', () => {
    const good = chainOf(30);
    const fields = ['event', 'messageId', 'kind', 'sender', 'peer', 'code', 'reason', 'ref', 'atMs'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.constantFrom('edit', 'delete', 'swap'), fc.constantFrom(...fields), fc.string({ minLength: 1 }), (seq, how, field, text) => {
        let entries: AuditEntry[];
        let expected = seq;
        if (how === 'edit') {
          entries = good.map((e) => (e.seq === seq ? ({ ...e, [field]: field === 'atMs' ? e.atMs + text.length : `${String(e[field])}${text}` } as AuditEntry) : e));
        } else if (how === 'delete') {
          entries = good.filter((e) => e.seq !== seq);
          if (seq === 30) return; // the newest entry: only a checkpoint shows it (tested below)
        } else {
          const other = seq === 30 ? 29 : seq + 1;
          expected = Math.min(seq, other);
          entries = good.map((e) => (e.seq === seq ? { ...e, seq: other } : e.seq === other ? { ...e, seq } : e));
        }
        const r = verifyAudit(source(entries), trustAll);
        assert.equal(r.ok, false);
        assert.equal(r.problem!.seq, expected, `${how} ${field} at ${seq}: ${r.problem!.detail}`);
      }),
      { numRuns: 300 },
    );
  });

  it('incremental verifier keeps reporting the first problem', () => {
    const v = new ChainVerifier();
    const entries = chainOf(5);
    v.push(entries[0]!);
    assert.equal(v.push({ ...entries[1]!, reason: 'x' })?.seq, 2);
    assert.equal(v.push(entries[2]!)?.seq, 2);
    assert.deepEqual(v.head, { seq: 1, hash: entries[0]!.hash });
  });
});

describe('signed checkpoints', () => {
  let dir: string;
  let signer: CheckpointSigner;
  let intruder: CheckpointSigner;
  const certs = new Map<string, string>();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-audit-unit-'));
    initPkiDir(join(dir, 'pki'), { commonName: 'test CA' });
    const node = issueToDir(join(dir, 'pki'), { code: NODE, role: 'node', outDir: dir });
    signer = new CheckpointSigner(NODE, readFileSync(node.keyPath), readFileSync(node.certPath, 'utf8'));
    initPkiDir(join(dir, 'other'), { commonName: 'another CA' });
    const other = issueToDir(join(dir, 'other'), { code: NODE, role: 'node', outDir: join(dir, 'other') });
    intruder = new CheckpointSigner(NODE, readFileSync(other.keyPath), readFileSync(other.certPath, 'utf8'));
    certs.set(signer.fingerprint, signer.certificatePem);
    certs.set(intruder.fingerprint, intruder.certificatePem);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('anchors the chain: intact log with checkpoints passes, nothing unanchored after the last', () => {
    const e = chainOf(20);
    const r = verifyAudit(source(e, [signer.sign(e[9]!, T0 + 10), signer.sign(e[19]!, T0 + 20)], certs), trustAll);
    assert.equal(r.ok, true, r.problem?.detail);
    assert.equal(r.checkpoints, 2);
    assert.deepEqual({ seq: r.lastCheckpoint?.seq, atMs: r.lastCheckpoint?.atMs }, { seq: 20, atMs: T0 + 20 });
    assert.match(r.lastCheckpoint!.hash, /^[0-9a-f]{64}$/);
    assert.equal(r.unanchored, 0);
  });

  it('sees the newest entries deleted when a checkpoint covers them', () => {
    const e = chainOf(20);
    const r = verifyAudit(source(e.slice(0, 16), [signer.sign(e[19]!, T0 + 20)], certs), trustAll);
    assert.equal(r.problem?.kind, 'truncated');
    assert.equal(r.problem?.seq, 17);
    assert.match(r.problem!.detail, /ends at entry 16.*up to 20: entries 17 to 20 were deleted/);
  });

  it('sees a chain rewritten and re-hashed consistently after an edit', () => {
    const e = chainOf(20);
    const forged = rehash(e.map((x) => (x.seq === 12 ? { ...x, reason: 'đã sửa' } : x)), 11);
    const r = verifyAudit(source(forged, [signer.sign(e[9]!, T0 + 10), signer.sign(e[19]!, T0 + 20)], certs), trustAll);
    assert.equal(r.problem?.kind, 'rewritten');
    assert.equal(r.problem?.seq, 11, 'the edit (in entry 12) lies after the last checkpoint that matched (10): nothing after it is vouched for');
    assert.match(r.problem!.detail, /entries 11 to 20 were rewritten and re-hashed \(an edit in one of them\)/);
  });

  it('an anchor from outside the database catches what the key holder rewrote and re-signed', () => {
    const e = chainOf(20);
    const forged = rehash(e.map((x) => (x.seq === 5 ? { ...x, code: 'OK' } : x)), 4).slice(0, 18);
    const resigned = [signer.sign(forged[17]!, T0 + 20)];
    assert.equal(verifyAudit(source(forged, resigned, certs), trustAll).ok, true, 'the chain and its checkpoints alone look fine');
    const r = verifyAudit(source(forged, resigned, certs), { ...trustAll, anchors: [{ seq: 10, hash: e[9]!.hash }] });
    assert.equal(r.problem?.kind, 'rewritten');
    assert.equal(r.problem?.seq, 1, 'no anchor or checkpoint vouches for anything before entry 10');
    const narrowed = verifyAudit(source(forged, resigned, certs), { ...trustAll, anchors: [{ seq: 3, hash: e[2]!.hash }, { seq: 10, hash: e[9]!.hash }] });
    assert.equal(narrowed.problem?.seq, 4, 'the anchor of entry 3 still matches: the edit (entry 5) lies after it');
    assert.match(r.problem!.detail, /the anchor given for it is/);
    const cut = verifyAudit(source(forged, resigned, certs), { ...trustAll, anchors: [{ seq: 20, hash: e[19]!.hash }] });
    assert.equal(cut.problem?.kind, 'truncated');
    assert.equal(cut.problem?.seq, 19);
    assert.equal(verifyAudit(source(e, [], certs), { ...trustAll, anchors: [{ seq: 20, hash: e[19]!.hash.toUpperCase() }] }).ok, true);
  });

  it('refuses an altered checkpoint and one signed by an untrusted key', () => {
    const e = chainOf(5);
    const altered = { ...signer.sign(e[4]!, T0), atMs: T0 + 1 };
    assert.match(verifyAudit(source(e, [altered], certs), trustAll).problem!.detail, /invalid signature/);
    const forged = intruder.sign(e[4]!, T0);
    const trust = { trustSigner: (pem: string) => (pem === signer.certificatePem ? null : 'not issued by the network CA') };
    const r = verifyAudit(source(e, [forged], certs), trust);
    assert.equal(r.problem?.kind, 'bad-checkpoint');
    assert.match(r.problem!.detail, /may not sign for this node: not issued by the network CA/);
    assert.match(verifyAudit(source(e, [signer.sign(e[4]!, T0)], new Map()), trustAll).problem!.detail, /not in the log/);
  });

  it('fails entries left unsigned longer than the checkpoint policy allows, and only those', () => {
    const policy = { everyMs: 5_000, graceMs: 60_000 };
    const e = chainOf(20); // entries at T0 + 0..19 ms
    const at = (nowMs: number) => ({ ...trustAll, checkpoints: { policy, nowMs } });
    const upTo10 = [signer.sign(e[9]!, T0 + 5_000)];
    // The last checkpoint (deleted) covered 20: what is left says 11 to 20 are unsigned.
    const young = verifyAudit(source(e, upTo10, certs), at(T0 + 65_000));
    assert.equal(young.ok, true, 'within the interval and the grace: a running node has not signed them yet');
    assert.equal(young.unanchored, 10);
    const old = verifyAudit(source(e, upTo10, certs), at(T0 + 10 + 65_001));
    assert.equal(old.ok, false);
    assert.equal(old.problem, null, 'not proven tampered');
    assert.deepEqual([old.missingCheckpoint?.fromSeq, old.missingCheckpoint?.toSeq, old.missingCheckpoint?.evidence], [11, 20, 'overdue']);
    assert.match(old.missingCheckpoint!.detail, /entries 11 to 20 are older than the checkpoint interval .*\(no signed checkpoint covers anything after entry 10.*--anchor/);
    assert.equal(verifyAudit(source(e, [...upTo10, signer.sign(e[19]!, T0 + 5_019)], certs), at(T0 + 86_400_000)).ok, true, 'all signed: age does not matter');
    assert.equal(verifyAudit(source(e, upTo10, certs), trustAll).ok, true, 'without the policy, only counted');
    const anchored = verifyAudit(source(e, upTo10, certs), { ...at(T0 + 86_400_000), anchors: [{ seq: 20, hash: e[19]!.hash }] });
    assert.equal(anchored.ok, true, 'an anchor kept outside the database vouches for the entries no checkpoint covers');
    assert.equal(verifyAudit(source([], [], certs), at(T0 + 86_400_000)).ok, true, 'an empty log');

    // Unsigned entries written over more than the interval and grace: the node ran, and did not sign?
    const spread = chainOf(3).map((x, i) => ({ ...x, atMs: T0 + i * 40_000 }));
    const rehashed = rehash(spread, 0);
    const kept = verifyAudit(source(rehashed, [], certs), at(T0 + 80_000));
    assert.equal(kept.missingCheckpoint?.evidence, 'kept-writing');
    assert.match(kept.missingCheckpoint!.detail, /entries 1 to 3 are not covered by any signed checkpoint \(there is no signed checkpoint at all\), yet the node was still writing entries 80 s after entry 1/);
  });

  it("reports the node's 'unsigned-found' entries though the checkpoints signed after them pass, unless an anchor covers their range", () => {
    const e = chainOf(12);
    const found = chainEntry(e[11]!, T0 + 90_000, { ...record(12), event: 'unsigned-found', messageId: '', code: 'AUDIT_UNSIGNED', ref: '6-12', reason: 'entries 6 to 12 are not covered by any signed checkpoint' });
    const log = [...e, found];
    const cps = [signer.sign(e[4]!, T0 + 5), signer.sign(found, T0 + 90_001)];
    const r = verifyAudit(source(log, cps, certs), trustAll);
    assert.equal(r.ok, false);
    assert.equal(r.problem, null, 'the chain and every checkpoint check out');
    assert.deepEqual(r.unsignedFound.map((u) => [u.seq, u.fromSeq, u.toSeq]), [[13, 6, 12]]);
    assert.match(r.unsignedFound[0]!.detail, /entries 6 to 12 are not covered/);
    const anchored = verifyAudit(source(log, cps, certs), { ...trustAll, anchors: [{ seq: 12, hash: e[11]!.hash }] });
    assert.deepEqual([anchored.ok, anchored.unsignedFound], [true, []], 'an anchor from outside the database vouches for the range');
    const short = verifyAudit(source(log, cps, certs), { ...trustAll, anchors: [{ seq: 8, hash: e[7]!.hash }] });
    assert.equal(short.ok, false, 'an anchor that covers only part of the range does not');
    const after = verifyAudit(source(log, cps, certs), { ...trustAll, anchors: [{ seq: 13, hash: found.hash }] });
    assert.equal(after.ok, false, 'an anchor from the node\'s own lines after the finding does not: it signed over the doubtful entries');
  });

  it("reports the node's 'entries-lost' entries for good: no anchor brings back what is gone", () => {
    const e = chainOf(6);
    const lost = chainEntry(e[5]!, T0 + 90_000, { ...record(6), event: 'entries-lost', messageId: '', code: 'AUDIT_LOST', ref: `7-187:${'a'.repeat(64)}`, reason: 'entries 7 to 187 were committed and are gone' });
    const log = [...e, lost];
    const cps = [signer.sign(e[5]!, T0 + 5), signer.sign(lost, T0 + 90_001)];
    const r = verifyAudit(source(log, cps, certs), trustAll);
    assert.deepEqual([r.ok, r.problem], [false, null], 'the chain left and its checkpoints check out');
    assert.deepEqual(r.lostFound.map((l) => [l.seq, l.fromSeq, l.toSeq]), [[7, 7, 187]]);
    assert.match(r.lostFound[0]!.detail, /committed and are gone/);
    const anchored = verifyAudit(source(log, cps, certs), { ...trustAll, anchors: [{ seq: 7, hash: lost.hash, from: 'audit-head.json' }] });
    assert.equal(anchored.ok, false);
    assert.equal(verifyAudit(source(e, cps.slice(0, 1), certs), trustAll).lostFound.length, 0);
  });

  it('names where an anchor came from when it shows the log cut short or rewritten', () => {
    const e = chainOf(10);
    const cut = verifyAudit(source(e.slice(0, 4), [], certs), { ...trustAll, anchors: [{ seq: 10, hash: e[9]!.hash, from: 'audit-head.json' }] });
    assert.equal(cut.problem?.kind, 'truncated');
    assert.match(cut.problem!.detail, /^the log ends at entry 4, but audit-head\.json names for entry 10: entries 5 to 10 were deleted$/);
    const given = verifyAudit(source(e.slice(0, 4), [], certs), { ...trustAll, anchors: [{ seq: 10, hash: e[9]!.hash }] });
    assert.match(given.problem!.detail, /but an anchor was given for entry 10/);
    const other = verifyAudit(source(e, [], certs), { ...trustAll, anchors: [{ seq: 3, hash: 'b'.repeat(64), from: 'audit-head.json' }] });
    assert.match(other.problem!.detail, /^entry 3 hashes to .* but audit-head\.json is bbbbbbbbbbbb…/);
  });

  it('sees entries cut off with their checkpoints when a stored message is newer than the log', () => {
    const e = chainOf(20).slice(0, 10);
    const cps = [signer.sign(e[9]!, T0 + 5_000)];
    const withMessage = (atMs: number | null): AuditSource => ({ ...source(e, cps, certs), newestMessage: (since) => (assert.equal(since, T0), atMs === null ? null : { id: 'm-1', atMs }) });
    assert.equal(verifyAudit(withMessage(T0 + 9), trustAll).ok, true, 'the newest message has its entry');
    assert.equal(verifyAudit(withMessage(null), trustAll).ok, true);
    const r = verifyAudit(withMessage(T0 + 30_000), trustAll);
    assert.equal(r.problem?.kind, 'truncated');
    assert.equal(r.problem?.seq, 11);
    assert.match(r.problem!.detail, /holds message m-1, accepted at .*, but the newest entry is 10 .*entries from 11 on were deleted/);
  });
});

describe('--since', () => {
  it('takes an ISO time or a duration back from now, and refuses anything else; without an offset, Vietnam time', () => {
    assert.equal(parseSince('2026-03-01T08:00:00+07:00', T0), Date.parse('2026-03-01T01:00:00Z'));
    assert.equal(parseSince('2026-03-01T08:00:00Z', T0), Date.parse('2026-03-01T08:00:00Z'));
    assert.equal(parseSince('2026-03-01T08:00:00-0500', T0), Date.parse('2026-03-01T13:00:00Z'));
    assert.equal(parseSince('2026-03-01', T0), Date.parse('2026-02-28T17:00:00Z'), 'a date is midnight in Vietnam');
    assert.equal(parseSince('2026-03-01T08:00', T0), Date.parse('2026-03-01T01:00:00Z'), 'a time without an offset is Vietnam time');
    assert.throws(() => parseSince('2026-02-30', T0), /neither a time nor a duration/);
    assert.equal(parseSince('24h', T0), T0 - 86_400_000);
    assert.equal(parseSince('90m', T0), T0 - 5_400_000);
    assert.throws(() => parseSince('yesterday', T0), /neither a time nor a duration: give an ISO time/);
  });
});
