/**
 * What a relay holds an unsigned status to: its own consistency (the sender is the reporter; a
 * recipient's status comes from that recipient; a non-delivery report from the node that made it),
 * and, where the document it names is held, that it fits the document. Pure functions; the real
 * network refusing a child's forged statuses is test/net/forged-by-a-child.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNonDelivery, buildStatus, statusInconsistency, statusMismatch, peerRefusal } from '../../src/domain/status-message.js';
import type { Message } from '../../src/domain/types.js';

const SENDER = '000.00.24.H44';
const RECIPIENT = '000.00.00.H49';
const OTHER = '000.46.24.H44';
const NODE = '000.00.00.H49';
const doc = { id: '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70', kind: 'document' as const, from: SENDER, to: [RECIPIENT], priority: 0 as const };
const status = (code: '06' | '13', reporter: string, to: string, recipient: string): Message =>
  buildStatus({ about: doc, code, reporter, to, recipient, reason: '', nowMs: 0, expirySeconds: 60 });

describe('status consistency', () => {
  it('statuses as the node makes them are consistent and fit their document', () => {
    const made = [status('06', RECIPIENT, SENDER, RECIPIENT), status('13', SENDER, RECIPIENT, RECIPIENT), ...buildNonDelivery(doc, [RECIPIENT], 'EXPIRED', 'x', NODE, 0, 60)];
    for (const m of made) {
      assert.equal(statusInconsistency(m), null, m.status!.code);
      assert.equal(statusMismatch(m, doc), null, m.status!.code);
    }
    assert.equal(statusInconsistency({ ...doc, status: undefined }), null, 'a document is not a status');
  });

  it('a status whose reporter, node or recipient is not its sender is inconsistent', () => {
    const forged = status('06', RECIPIENT, SENDER, RECIPIENT);
    assert.match(statusInconsistency({ ...forged, from: OTHER })!, /its reporter 000\.00\.00\.H49 is not its sender 000\.46\.24\.H44/);
    assert.match(statusInconsistency({ ...forged, from: OTHER, status: { ...forged.status!, reporter: OTHER } })!, /status 06 is a recipient's, and its sender 000\.46\.24\.H44 is not the recipient it names \(000\.00\.00\.H49\)/);
    const [ndr] = buildNonDelivery(doc, [RECIPIENT], 'EXPIRED', 'x', NODE, 0, 60);
    assert.match(statusInconsistency({ ...ndr!, from: OTHER, status: { ...ndr!.status!, reporter: OTHER } })!, /a non-delivery report from 000\.46\.24\.H44 names node 000\.00\.00\.H49 as where it was made/);
    assert.match(statusInconsistency({ ...forged, to: [SENDER, OTHER] })!, /goes to one agency, this one to 2/);
    assert.match(statusInconsistency({ ...forged, status: undefined })!, /without its status/);
    const recall = status('13', SENDER, RECIPIENT, RECIPIENT);
    assert.match(statusInconsistency({ ...recall, to: [OTHER] })!, /status 13 goes to the recipient it names \(000\.00\.00\.H49\), not to 000\.46\.24\.H44/);
  });

  it('a consistent status that does not fit the document it names is a mismatch', () => {
    assert.match(statusMismatch(status('06', OTHER, SENDER, OTHER), doc)!, /000\.46\.24\.H44 is not a recipient of document/);
    assert.match(statusMismatch(status('06', RECIPIENT, OTHER, RECIPIENT), doc)!, /goes to its sender 000\.00\.24\.H44, not to 000\.46\.24\.H44/);
    assert.match(statusMismatch(status('13', OTHER, RECIPIENT, RECIPIENT), doc)!, /000\.46\.24\.H44 is not the sender of document .* which only its sender 000\.00\.24\.H44 may recall/);
    assert.match(statusMismatch(status('13', SENDER, OTHER, OTHER), doc)!, /000\.46\.24\.H44 is not a recipient/);
    const [ndr] = buildNonDelivery(doc, [OTHER], 'EXPIRED', 'x', NODE, 0, 60);
    assert.match(statusMismatch(ndr!, doc)!, /000\.46\.24\.H44 is not a recipient/);
  });
});

describe('peerRefusal', () => {
  it('names the refusing peer once: a file refusal already says "P refused file …"', () => {
    assert.equal(peerRefusal('000.00.24.H44', 'SENDER_NOT_ALLOWED nope'), '000.00.24.H44 refused: SENDER_NOT_ALLOWED nope');
    const file = '000.00.24.H44 refused file efd6: it is 150000000 bytes, more than the 100000000 per document accepted here (limits.maxDocumentBytes)';
    assert.equal(peerRefusal('000.00.24.H44', file), file);
  });
});
