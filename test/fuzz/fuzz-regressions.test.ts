/**
 * Pure tests pinning the defects the fuzzers found and that were fixed: status messages bounded
 * (a huge echoed field made the answer unreachable), long codes quoted by their start, and a peer's
 * message held to the edge's envelope rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCode } from '../../src/domain/agency-code.js';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { XmlNode } from '../../src/edxml/edxml-tree.js';
import type { Message__Output } from '../../src/gen/lienthong/v1/Message.js';
import { boundedDetails, MAX_DETAILS_CHARS, toServiceError } from '../../src/service/grpc-status.js';
import { messageFromPb, messageToPb } from '../../src/service/wire.js';

describe('fuzz findings, pinned', () => {
  it('looks for misspelt element names below 100,000 nested elements without running out of stack', () => {
    // Found by the edXML fuzz test (a mutation nesting 60,000 elements in OrganName): INTERNAL,
    // "Maximum call stack size exceeded", from a recursive walk.
    const root = new XmlNode('From', 'edXML/From');
    root.child('OrganName');
    let n = root.add('OrganName');
    n.child('Other');
    for (let i = 0; i < 100_000; i++) n = n.add('N');
    n.child('Priority');
    n.add('Priorty');
    const found = root.misspelt();
    assert.equal(found?.meant, 'Priority');
    assert.match(found!.node.path, /\/Priorty$/);
  });

  it('bounds a status message that quotes a huge field, keeping its start and its end', () => {
    const huge = `NOT_FOUND: no message ${'é'.repeat(200_000)} on node 000.00.24.H44: check the id`;
    const d = boundedDetails(huge);
    assert.ok(d.length <= MAX_DETAILS_CHARS + 60, `${d.length} characters`);
    assert.ok(d.startsWith('NOT_FOUND: no message é'));
    assert.ok(d.endsWith('check the id'));
    assert.match(d, /\[\d+ characters cut\]/);
    const e = toServiceError(new LienthongError('NOT_FOUND', `no message ${'x'.repeat(500_000)}`));
    assert.ok(e.details!.length <= MAX_DETAILS_CHARS + 60);
    assert.equal(boundedDetails('short'), 'short');
  });

  it('never cuts a surrogate pair in half', () => {
    const d = boundedDetails('💩'.repeat(5_000));
    assert.doesNotMatch(d, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('quotes a long invalid agency code by its start and length', () => {
    assert.throws(() => parseCode('9'.repeat(100_000)), (e: LienthongError) => e.code === 'INVALID_AGENCY_CODE' && e.message.length < 300 && /\(100000 characters\)/.test(e.message));
    assert.throws(() => parseCode('000.00.24.h44'), /invalid agency code "000\.00\.24\.h44": group MX1X2/);
  });

  describe('a message from a peer is held to the edge rules', () => {
    const doc = buildDocument({ from: '000.46.24.H44', to: ['000.00.24.H44'], priority: 1, document: { subject: 'Về việc thử nghiệm' }, body: Buffer.from('x') }, { maxDocumentBytes: 1e6, expirySeconds: 60 }, Date.now());
    const pb = (): Message__Output => structuredClone({ attachments: [], edxml: null, status: null, ...messageToPb(doc) }) as unknown as Message__Output;
    const refused = (m: Message__Output, pattern: RegExp) =>
      assert.throws(() => messageFromPb(m), (e: LienthongError) => (e.code === 'INVALID_DOCUMENT' || e.code === 'INVALID_AGENCY_CODE') && pattern.test(e.message));

    it('takes a sound document', () => {
      const m = messageFromPb(pb());
      assert.equal(m.id, doc.id);
      assert.deepEqual(m.document, doc.document);
    });
    it('refuses an id that is not a UUID', () => refused({ ...pb(), id: 'x'.repeat(10) }, /not a lowercase UUID/));
    it('refuses a sender that is not a code', () => refused({ ...pb(), from: '000.46.24.h44' }, /invalid agency code/));
    it('refuses a recipient listed twice', () => refused({ ...pb(), to: ['000.00.24.H44', '000.00.24.H44'] }, /listed twice/));
    it('refuses an empty subject', () => refused({ ...pb(), document: { ...pb().document!, subject: '' } }, /document\.subject: is required/));
    it('refuses impossible times', () => refused({ ...pb(), createdAtMs: -1 }, /times created/));
    it('refuses a status with an unknown code', () =>
      refused({ ...pb(), kind: 'MESSAGE_KIND_STATUS', document: null, status: { refMessageId: doc.id, code: '99', reason: '', reporter: '000.00.24.H44', recipient: '000.00.24.H44', atMs: 1, nodeCode: '', path: [], errorCode: '' } }, /status code "99"/));
  });
});
