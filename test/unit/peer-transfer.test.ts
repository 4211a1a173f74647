/**
 * What a copy a peer hands over is refused for before this node reads or holds anything for it,
 * checked in order: its path, its sender, a status's form, its size, its recipients.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { buildStatus } from '../../src/domain/status-message.js';
import { checkTransfer, hopTimeNote, mayHandOver, type IncomingTransfer, type PeerContext } from '../../src/node/peer-transfer.js';

const SELF = '000.00.00.H44';
const SENDER = '000.00.24.H44';
const A = '000.00.00.H49';
const B = '000.46.24.H44';
const limits = { maxDocumentBytes: 1_000, maxHops: 3 };
const NOW = 60_000;
const DAY = 24 * 3_600_000;
const doc = buildDocument({ from: SENDER, to: [A, B], priority: 0, document: { subject: 'x', documentType: 'Công văn' }, body: Buffer.alloc(100) }, { maxDocumentBytes: 1e6, expirySeconds: 60 }, 1_000);
const child: PeerContext = { code: '000.00.24.H44', role: 'child', allowedSenders: ['000.00.24.H44'] };
const lateral: PeerContext = { code: '000.00.00.H31', role: 'lateral', allowedSenders: [] };
const parent: PeerContext = { code: '000.00.00.H00', role: 'parent', allowedSenders: [] };
const copy = (patch: Partial<IncomingTransfer> = {}): IncomingTransfer => ({ message: doc, recipients: [A], trace: [{ nodeCode: child.code, atMs: 1_000 }], ...patch });
const refusedWith = (peer: PeerContext, t: IncomingTransfer): string | null => {
  try {
    checkTransfer(peer, t, SELF, limits);
    return null;
  } catch (err) {
    assert.ok(err instanceof LienthongError);
    return err.code;
  }
};

describe('checkTransfer', () => {
  it('takes a copy from a peer that may hand over its sender', () => {
    assert.equal(refusedWith(child, copy()), null);
    const twoHops = copy({ trace: [{ nodeCode: '000.46.24.H44', atMs: 1_000 - DAY }, { nodeCode: child.code, atMs: NOW + DAY }] });
    assert.equal(refusedWith(child, twoHops), null, 'a path of two nodes, times within a day (clocks differ)');
    assert.equal(refusedWith(parent, copy({ trace: [{ nodeCode: parent.code, atMs: 1_000 }] })), null, 'a parent hands over any sender');
    assert.equal(mayHandOver(lateral, SENDER), false, 'a lateral with no allowSenders hands over no one');
  });

  const cases: { why: string; peer?: PeerContext; t: IncomingTransfer; code: string }[] = [
    { why: 'this node already on the path', t: copy({ trace: [{ nodeCode: SELF, atMs: 1 }] }), code: 'ROUTING_LOOP' },
    { why: 'a path as long as the hop limit', t: copy({ trace: [1, 2, 3].map((atMs) => ({ nodeCode: child.code, atMs })) }), code: 'HOP_LIMIT' },
    { why: 'a loop before a sender the peer may not hand over', peer: lateral, t: copy({ trace: [{ nodeCode: SELF, atMs: 1 }] }), code: 'ROUTING_LOOP' },
    { why: 'a path that does not end at the peer handing the copy over (a relay rewrote it)', t: copy({ trace: [{ nodeCode: '000.00.00.H29', atMs: 1_000 }] }), code: 'INVALID_DOCUMENT' },
    { why: 'an empty path', t: copy({ trace: [] }), code: 'INVALID_DOCUMENT' },
    { why: 'a node named twice on the path', t: copy({ trace: [{ nodeCode: child.code, atMs: 1_000 }, { nodeCode: child.code, atMs: 1_000 }] }), code: 'INVALID_DOCUMENT' },
    { why: 'a hop padded with a space (the loop and twice-named checks compare exact codes)', t: copy({ trace: [{ nodeCode: ` ${SELF}`, atMs: 1_000 }, { nodeCode: child.code, atMs: 1_000 }] }), code: 'INVALID_DOCUMENT' },
    { why: 'a hop that is no agency code', t: copy({ trace: [{ nodeCode: 'relay-7', atMs: 1_000 }, { nodeCode: child.code, atMs: 1_000 }] }), code: 'INVALID_DOCUMENT' },
    { why: 'a sender the peer may not hand over', peer: lateral, t: copy({ trace: [{ nodeCode: lateral.code, atMs: 1_000 }] }), code: 'SENDER_NOT_ALLOWED' },
    { why: 'a status that is not what it says', t: copy({ message: { ...buildStatus({ about: doc, code: '03', reporter: A, to: SENDER, recipient: A, reason: '', nowMs: 1, expirySeconds: 60 }), from: SENDER } }), code: 'INVALID_DOCUMENT' },
    { why: 'a document larger than this node takes', t: copy({ message: { ...doc, body: Buffer.alloc(1_001) } }), code: 'DOCUMENT_TOO_LARGE' },
    { why: 'no recipient', t: copy({ recipients: [] }), code: 'INVALID_DOCUMENT' },
    { why: 'a recipient the message is not for', t: copy({ recipients: [A, SELF] }), code: 'INVALID_DOCUMENT' },
  ];
  for (const c of cases) it(`refuses ${c.why}`, () => assert.equal(refusedWith(c.peer ?? child, c.t), c.code));

  it('takes a copy whose path has a time more than a day off (a wrong clock), and says so: refused, it was lost with its report', () => {
    const early = copy({ trace: [{ nodeCode: '000.00.00.H29', atMs: 1_000 - DAY - 1 }, { nodeCode: child.code, atMs: 1_000 }] });
    const ahead = copy({ trace: [{ nodeCode: child.code, atMs: NOW + DAY + 1 }] });
    for (const t of [early, ahead]) assert.equal(refusedWith(child, t), null);
    assert.match(hopTimeNote(child, early, NOW)!, /has 000\.00\.00\.H29 at .*, more than a day from the document's creation .*most likely the clock of 000\.00\.00\.H29 \(or this node's\) is wrong; the copy is taken/);
    assert.match(hopTimeNote(child, ahead, NOW)!, new RegExp(`has ${child.code.replace(/\./g, '\\.')} at `));
    assert.equal(hopTimeNote(child, copy({ trace: [{ nodeCode: child.code, atMs: NOW + DAY }] }), NOW), null, 'within a day: nothing to say');
  });
});
