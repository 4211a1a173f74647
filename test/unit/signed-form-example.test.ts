/**
 * The signed form an agency's software must reproduce, pinned by a fixture: the envelope the node
 * builds from a signed SendRequest serialises to exactly the fixture's bytes, and README.md shows
 * the same bytes (a vendor implements signing from the README, not from this code).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildDocument } from '../../src/domain/envelope.js';
import { signedForm } from '../../src/domain/signed-form.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/signed-form/giay-moi.json', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

interface Example {
  request: {
    from: string; to: string[]; priority: number; messageId: string; createdAtMs: number; expiresAtMs: number;
    document: Record<string, string>; bodyUtf8: string;
  };
  form: string;
}

describe('the signed form of the README example', () => {
  const ex = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Example;
  const r = ex.request;
  const built = buildDocument(
    { ...r, body: Buffer.from(r.bodyUtf8, 'utf8'), signature: { algorithm: 'RSA-SHA256', certificate: '', value: '' } },
    { maxDocumentBytes: 1 << 20, expirySeconds: 30 * 86_400 },
    r.createdAtMs,
  );

  it('is the bytes the node signs and checks for that request (defaults filled, id lowercased)', () => {
    assert.equal(signedForm(built).toString('utf8'), ex.form);
  });

  it('is shown byte for byte in README.md, with the request it comes from', () => {
    const readme = readFileSync(README, 'utf8');
    assert.ok(readme.includes(ex.form), 'README.md shows the signed form of test/fixtures/signed-form/giay-moi.json');
    assert.ok(readme.includes(r.messageId) && readme.includes(r.bodyUtf8), 'README.md shows the request');
  });
});
