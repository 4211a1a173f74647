/**
 * The statuses an attached agency's own actions send, decided without a store: who may send which
 * code about a document held here, and what each status carries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import type { EdxmlStatusInfo, InboxItem, RecipientState, RecipientStateName, StatusCode, StatusReport } from '../../src/domain/types.js';
import { acknowledgement, agencyStatuses, checkReason, MAX_REASON_CHARS, updateCode, type StatusUpdate } from '../../src/node/status-updates.js';

const SENDER = '000.00.24.H44';
const NODE = '000.00.00.H44';
const A = '000.00.00.H49';
const B = '000.46.24.H44';
const doc = buildDocument({ from: SENDER, to: [A, B], priority: 0, document: { subject: 'x', documentType: 'Công văn' }, body: Buffer.from('x') }, { maxDocumentBytes: 1e6, expirySeconds: 60 }, 1_000);
const stored = { message: doc, trace: [{ nodeCode: '000.00.00.H44', atMs: 1_000 }], receivedFrom: SENDER, acceptedAtMs: 1_000 };
const update = (agency: string): StatusUpdate => ({ agency, reason: 'lý do', edxml: undefined, nowMs: 2_000, expirySeconds: 60 });
const held = (state: RecipientStateName): RecipientState[] => [{ recipient: A, state, nextHop: '', updatedAtMs: 1_000, detail: '' }];
/** The statuses `agency` sends, with the recipients' states here and the reports that reached this node. */
const send = (code: StatusCode, recipients: RecipientState[], agency: string, reports: StatusReport[] = []) => agencyStatuses(stored, code, recipients, () => reports, update(agency), NODE).statuses;
const refused = (code: string, pattern: RegExp) => (err: unknown) => err instanceof LienthongError && err.code === code && pattern.test(err.message);

describe('status updates from an attached agency', () => {
  it('a recall goes from the sender to each recipient', () => {
    const sent = send('13', [], SENDER);
    assert.deepEqual(sent.map((s) => [s.from, s.to]), [[SENDER, [A]], [SENDER, [B]]]);
    assert.throws(() => send('13', held('inbox'), A), refused('NOT_AUTHORIZED', /only the sender 000\.00\.24\.H44 may recall/));
  });

  it('a recall goes only to the recipients the document can still reach, and says why it skipped the others', () => {
    const at = (recipient: string, state: RecipientStateName, detail = ''): RecipientState => ({ recipient, state, nextHop: state === 'forwarded' ? NODE : '', updatedAtMs: 1_000, detail });
    const report = (recipient: string, code: StatusCode, errorCode = '', nodeCode = ''): StatusReport =>
      ({ refMessageId: doc.id, code, reason: code === 'NON_DELIVERY' ? `no route to ${recipient}` : '', reporter: code === 'NON_DELIVERY' ? nodeCode : recipient, recipient, atMs: 1_500, nodeCode, path: [], errorCode });
    const recall = (states: RecipientState[], reports: StatusReport[]) => agencyStatuses(stored, '13', states, () => reports, update(SENDER), NODE);
    const cases: { why: string; states: RecipientState[]; reports: StatusReport[]; skipped: [string, string, RegExp][] }[] = [
      { why: 'both on their way', states: [at(A, 'forwarded'), at(B, 'queued')], reports: [], skipped: [] },
      { why: 'unknown further on', states: [at(A, 'forwarded'), at(B, 'queued')], reports: [report(A, 'NON_DELIVERY', 'UNKNOWN_RECIPIENT', '000.00.00.G22')], skipped: [[A, 'UNKNOWN_RECIPIENT', /^non-delivery reported by node 000\.00\.00\.G22: no route to 000\.00\.00\.H49$/]] },
      { why: 'undeliverable here', states: [at(A, 'failed', 'no route'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'UNKNOWN_RECIPIENT', NODE)], skipped: [[A, 'UNKNOWN_RECIPIENT', /reported by node 000\.00\.00\.H44/]] },
      { why: 'expired here, no report held', states: [at(A, 'expired', 'not delivered in 60 s'), at(B, 'inbox')], reports: [], skipped: [[A, 'EXPIRED', /^expired at node 000\.00\.00\.H44: not delivered in 60 s$/]] },
      { why: 'removed by the operator', states: [at(A, 'failed', 'removed from the outbox by the operator'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'REMOVED_BY_OPERATOR', NODE)], skipped: [[A, 'REMOVED_BY_OPERATOR', /./]] },
      { why: 'reported, then requeued further on and arrived (its 01 came after)', states: [at(A, 'forwarded'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'EXPIRED', '000.00.00.G22'), report(A, '01')], skipped: [] },
      { why: 'unknown further on, reported before this node recorded the copy as passed on', states: [at(A, 'queued'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'UNKNOWN_RECIPIENT', '000.00.00.G22')], skipped: [[A, 'UNKNOWN_RECIPIENT', /./]] },
      { why: 'failed here, then requeued here by the operator', states: [at(A, 'queued'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'EXPIRED', NODE)], skipped: [] },
      { why: 'failed here, requeued here and passed on', states: [at(A, 'forwarded'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'EXPIRED', NODE)], skipped: [] },
      { why: 'a recall already sent to it is no word from it', states: [at(A, 'forwarded'), at(B, 'inbox')], reports: [report(A, 'NON_DELIVERY', 'UNKNOWN_RECIPIENT', '000.00.00.G22'), { ...report(A, '13'), reporter: SENDER }], skipped: [[A, 'UNKNOWN_RECIPIENT', /./]] },
    ];
    for (const c of cases) {
      const { statuses, skipped } = recall(c.states, c.reports);
      const skippedCodes = c.skipped.map(([r]) => r);
      assert.deepEqual(statuses.map((s) => s.to[0]), [A, B].filter((r) => !skippedCodes.includes(r)), c.why);
      assert.deepEqual(skipped.map((s) => [s.recipient, s.errorCode]), c.skipped.map(([r, code]) => [r, code]), c.why);
      skipped.forEach((s, i) => assert.match(s.reason, c.skipped[i]![2], c.why));
    }
    assert.throws(
      () => recall([at(A, 'forwarded'), at(B, 'expired', 'not delivered in 60 s')], [report(A, 'NON_DELIVERY', 'UNKNOWN_RECIPIENT', '000.00.00.G22')]),
      refused('NO_RECIPIENT_REACHABLE', /reached none of its recipients, so status 13 has no one to go to: 000\.00\.00\.H49 \(UNKNOWN_RECIPIENT: .*\); 000\.46\.24\.H44 \(EXPIRED: expired at node/),
    );
    // The same recall retried after a lost answer, the copies having failed since it went out to A: what went out.
    const sentBefore = recall([at(A, 'forwarded'), at(B, 'queued')], []).statuses.filter((s) => s.to[0] === A).map((s) => s.id);
    const retried = agencyStatuses(stored, '13', [at(A, 'forwarded'), at(B, 'expired', 'not delivered in 60 s')], () => [report(A, 'NON_DELIVERY', 'UNKNOWN_RECIPIENT', '000.00.00.G22')], update(SENDER), NODE, (id) => sentBefore.includes(id));
    assert.deepEqual(retried.statuses.map((s) => s.id), sentBefore);
    assert.deepEqual(retried.skipped.map((s) => s.recipient), [B]);
    const noReports = () => assert.fail('a recipient\'s status reads no reports');
    assert.equal(agencyStatuses(stored, '03', held('inbox'), noReports, update(A), NODE).skipped.length, 0);
  });

  it('a recipient sends its status back to the sender once the document reached it here', () => {
    for (const state of ['inbox', 'acknowledged'] as const) {
      const [s, ...more] = send('03', held(state), A);
      assert.deepEqual([s!.from, s!.to, s!.status!.code, s!.status!.reason, more.length], [A, [SENDER], '03', 'lý do', 0], state);
    }
    for (const state of ['queued', 'forwarded'] as const) {
      assert.throws(() => send('03', held(state), A), refused('NOT_AUTHORIZED', /was not delivered to 000\.00\.00\.H49 on this node/), state);
    }
    assert.throws(() => send('03', held('inbox'), B), refused('NOT_AUTHORIZED', /was not delivered to 000\.46\.24\.H44/));
  });

  it('status 01 is sent by acknowledging, never as an update', () => {
    assert.equal(updateCode('03'), '03');
    assert.throws(() => updateCode('01'), refused('INVALID_ARGUMENT', /use Acknowledge/));
    const item: InboxItem = { seq: 1, agency: A, message: doc, trace: stored.trace, deliveredAtMs: 1_500, acknowledged: false };
    // Only carried along: its fields are the edXML codec's business.
    const edxml = { timestampMs: 1_900 } as EdxmlStatusInfo;
    const ack = acknowledgement(item, { ...update(A), edxml });
    assert.deepEqual([ack!.from, ack!.to, ack!.status!.code], [A, [SENDER], '01']);
    assert.equal(ack!.edxmlStatus, edxml);
    const status = send('13', [], SENDER)[0]!;
    assert.equal(acknowledgement({ ...item, message: status }, update(A)), null, 'a status is acknowledged without a status of its own');
  });

  it('a recipient\'s progress with new text is a new status; the same text again is the same one (a retry)', () => {
    const withReason = (code: StatusCode, reason: string) => agencyStatuses(stored, code, held('inbox'), () => [], { ...update(A), reason }, NODE).statuses[0]!.id;
    assert.notEqual(withReason('05', 'Đã chuyển phòng Tổng hợp'), withReason('05', 'Đang lấy ý kiến các sở'), '05 with news');
    assert.notEqual(withReason('04', 'Giao đ/c Lan'), withReason('04', 'Giao lại đ/c Minh'), '04 assigned again');
    assert.equal(withReason('05', 'Đang lấy ý kiến'), withReason('05', 'Đang lấy ý kiến'.normalize('NFD')), 'the same text, in either normal form, is one status');
    assert.notEqual(withReason('03', 'x'), withReason('05', 'x'), 'codes stay apart');
    const item: InboxItem = { seq: 1, agency: A, message: doc, trace: stored.trace, deliveredAtMs: 1_500, acknowledged: false };
    assert.equal(acknowledgement(item, { ...update(A), reason: 'một' })!.id, acknowledgement(item, { ...update(A), reason: 'hai' })!.id, '01 is sent once, whatever it says');
  });

  it('a reason an edXML status package could not carry is refused, naming the field', () => {
    assert.equal(checkReason('Vào sổ số 2315'.normalize('NFD')), 'Vào sổ số 2315'.normalize('NFC'));
    assert.throws(() => checkReason('x\u0000y'), refused('INVALID_ARGUMENT', /^reason: holds U\+0000, a control character/));
    assert.throws(() => checkReason('x\u0007', 'edXML Status/Description'), refused('INVALID_ARGUMENT', /^edXML Status\/Description: holds U\+0007/));
    assert.equal(checkReason('ạ'.repeat(MAX_REASON_CHARS)).length, MAX_REASON_CHARS);
    assert.throws(() => checkReason('a'.repeat(MAX_REASON_CHARS + 1)), refused('INVALID_ARGUMENT', new RegExp(`is ${MAX_REASON_CHARS + 1} characters, at most ${MAX_REASON_CHARS}`)));
  });
});
