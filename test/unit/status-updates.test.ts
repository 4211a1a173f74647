/**
 * The statuses an attached agency's own actions send, decided without a store: who may send which
 * code about a document held here, and what each status carries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import type { EdxmlStatusInfo, InboxItem, RecipientState, RecipientStateName } from '../../src/domain/types.js';
import { acknowledgement, agencyStatuses, updateCode, type StatusUpdate } from '../../src/node/status-updates.js';

const SENDER = '000.00.24.H44';
const A = '000.00.00.H49';
const B = '000.46.24.H44';
const doc = buildDocument({ from: SENDER, to: [A, B], priority: 0, document: { subject: 'x', documentType: 'Công văn' }, body: Buffer.from('x') }, { maxDocumentBytes: 1e6, expirySeconds: 60 }, 1_000);
const stored = { message: doc, trace: [{ nodeCode: '000.00.00.H44', atMs: 1_000 }], receivedFrom: SENDER, acceptedAtMs: 1_000 };
const update = (agency: string): StatusUpdate => ({ agency, reason: 'lý do', edxml: undefined, nowMs: 2_000, expirySeconds: 60 });
const held = (state: RecipientStateName): RecipientState[] => [{ recipient: A, state, nextHop: '', updatedAtMs: 1_000, detail: '' }];
const refused = (code: string, pattern: RegExp) => (err: unknown) => err instanceof LienthongError && err.code === code && pattern.test(err.message);

describe('status updates from an attached agency', () => {
  it('a recall goes from the sender to each recipient', () => {
    const sent = agencyStatuses(stored, '13', [], update(SENDER));
    assert.deepEqual(sent.map((s) => [s.from, s.to]), [[SENDER, [A]], [SENDER, [B]]]);
    assert.throws(() => agencyStatuses(stored, '13', held('inbox'), update(A)), refused('NOT_AUTHORIZED', /only the sender 000\.00\.24\.H44 may recall/));
  });

  it('a recipient sends its status back to the sender once the document reached it here', () => {
    for (const state of ['inbox', 'acknowledged'] as const) {
      const [s, ...more] = agencyStatuses(stored, '03', held(state), update(A));
      assert.deepEqual([s!.from, s!.to, s!.status!.code, s!.status!.reason, more.length], [A, [SENDER], '03', 'lý do', 0], state);
    }
    for (const state of ['queued', 'forwarded'] as const) {
      assert.throws(() => agencyStatuses(stored, '03', held(state), update(A)), refused('NOT_AUTHORIZED', /was not delivered to 000\.00\.00\.H49 on this node/), state);
    }
    assert.throws(() => agencyStatuses(stored, '03', held('inbox'), update(B)), refused('NOT_AUTHORIZED', /was not delivered to 000\.46\.24\.H44/));
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
    const status = agencyStatuses(stored, '13', [], update(SENDER))[0]!;
    assert.equal(acknowledgement({ ...item, message: status }, update(A)), null, 'a status is acknowledged without a status of its own');
  });
});
