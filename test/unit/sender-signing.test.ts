/**
 * The fields an agency's software sets together when it signs (or asks for the bytes to sign), and
 * what it checks of the form its node answers before signing it. Tables, no sockets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFormToSign } from '../../src/client/form-to-sign.js';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { checkSigningFields, type SigningFields } from '../../src/domain/sender-signing.js';
import { signedForm } from '../../src/domain/signed-form.js';

const ID = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70';
const T = { createdAtMs: 1_751_331_600_000, expiresAtMs: 1_751_936_400_000 };
const none = { signed: false, messageId: '', createdAtMs: 0, expiresAtMs: 0 };

function refusedWith(pattern: RegExp, code = 'INVALID_ARGUMENT') {
  return (err: unknown) => {
    assert.ok(err instanceof LienthongError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('checkSigningFields', () => {
  const accepted: [string, SigningFields][] = [
    ['nothing set: the node signs', none],
    ['a message id alone (no signature)', { ...none, messageId: ID }],
    ['signed with id and both times', { signed: true, messageId: ID, ...T }],
    ['form_only with both times', { ...none, formOnly: true, ...T }],
    ['form_only with id and times', { ...none, formOnly: true, messageId: ID, ...T }],
  ];
  for (const [what, f] of accepted) it(`accepts ${what}`, () => checkSigningFields(f, 'SendEdxmlOptions'));

  const refusedSets: [string, SigningFields, RegExp][] = [
    ['a signature without times', { signed: true, messageId: ID, createdAtMs: 0, expiresAtMs: 0 }, /^SendRequest\.created_at_ms and SendRequest\.expires_at_ms are missing: a signed document carries/],
    ['a signature without expiry', { signed: true, messageId: ID, createdAtMs: T.createdAtMs, expiresAtMs: 0 }, /^SendRequest\.expires_at_ms is missing/],
    ['a signature without message id', { signed: true, messageId: '', ...T }, /^SendRequest\.message_id is missing/],
    ['a creation time without signature', { ...none, createdAtMs: T.createdAtMs }, /^SendRequest\.created_at_ms is set without SendRequest\.signature/],
    ['an expiry time without signature', { ...none, expiresAtMs: T.expiresAtMs }, /^SendRequest\.expires_at_ms is set without SendRequest\.signature/],
    ['form_only with a signature', { signed: true, formOnly: true, messageId: ID, ...T }, /^SendRequest\.form_only asks for the bytes to sign, but SendRequest\.signature is set/],
    ['form_only without times', { ...none, formOnly: true }, /^SendRequest\.created_at_ms and SendRequest\.expires_at_ms are missing: form_only builds the form/],
  ];
  for (const [what, f, pattern] of refusedSets) {
    it(`refuses ${what}, naming the field`, () => assert.throws(() => checkSigningFields(f, 'SendRequest'), refusedWith(pattern)));
  }
});

describe('checkFormToSign', () => {
  const from = '000.46.24.H44';
  const form = signedForm(
    buildDocument({ from, to: ['000.00.24.H44'], priority: 0, document: { subject: 'Về việc họp' }, body: Buffer.alloc(0), messageId: ID, ...T, toSign: true }, { maxDocumentBytes: 1e9, expirySeconds: 7 * 86_400 }, T.createdAtMs),
  );
  const expected = { node: '000.00.24.H44', from, id: ID, ...T };

  it('accepts the form of the document asked for (the id may be the node\'s choice)', () => {
    checkFormToSign(form, expected);
    checkFormToSign(form, { ...expected, id: '' });
  });

  const wrong: [string, Partial<typeof expected>, RegExp][] = [
    ['another sender', { from: '000.47.24.H44' }, /has from "000\.46\.24\.H44", not "000\.47\.24\.H44" as asked: nothing was signed or sent/],
    ['another id', { id: '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f71' }, /has id "0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70", not/],
    ['other times', { expiresAtMs: T.expiresAtMs + 1 }, /has expiresAtMs 1751936400000, not 1751936400001/],
  ];
  for (const [what, over, pattern] of wrong) {
    it(`refuses to sign a form with ${what}`, () => assert.throws(() => checkFormToSign(form, { ...expected, ...over }), refusedWith(pattern, 'SIGNATURE_INVALID')));
  }
  it('refuses bytes that are no form at all', () => {
    assert.throws(() => checkFormToSign(Buffer.from('<edXML/>'), expected), refusedWith(/is not a JSON object/, 'SIGNATURE_INVALID'));
    assert.throws(() => checkFormToSign(Buffer.from('[1]'), expected), refusedWith(/is not a JSON object/, 'SIGNATURE_INVALID'));
    const status = Buffer.from(form.toString('utf8').replace('"kind":"document"', '"kind":"status"'));
    assert.throws(() => checkFormToSign(status, expected), refusedWith(/has kind "status"/, 'SIGNATURE_INVALID'));
  });
});
