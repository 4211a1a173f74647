import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { LienthongError } from '../../src/domain/errors.js';
import { createCa, type PemPair } from '../../src/pki/ca.js';
import { issueCertificate } from '../../src/pki/issue.js';
import {
  aRole,
  checkExpiry,
  identityFromPeerCertificate,
  identityFromPem,
  parseSubjectAltName,
  verifyIssuedBy,
} from '../../src/pki/identity.js';
import { initPkiDir, issueToDir, listPkiDir, loadCaCert, readRevocationsInDir, renewRevocationsInDir, revokeInDir } from '../../src/pki/files.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 8, 0, 0);
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let ca: PemPair;
let otherCa: PemPair;
let tmp: string;

before(() => {
  ca = createCa({ nowMs: NOW });
  otherCa = createCa({ commonName: 'rogue CA', nowMs: NOW });
  tmp = mkdtempSync(join(tmpdir(), 'lienthong-pki-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function rejectsWith(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LienthongError, `expected LienthongError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

function issue(code: string, role: 'node' | 'agency' | 'admin', extra: Partial<Parameters<typeof issueCertificate>[0]> = {}): PemPair {
  return issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, code, role, nowMs: NOW, ...extra });
}

test('createCa makes a self-signed CA valid for 10 years with the given common name', () => {
  const x = new X509Certificate(ca.certPem);
  assert.equal(x.ca, true);
  assert.match(x.subject, /CN=lienthong network CA/);
  assert.equal(x.subject, x.issuer);
  assert.ok(x.verify(x.publicKey), 'self-signature verifies');
  assert.ok(x.checkPrivateKey(createPrivateKey(ca.keyPem)));
  assert.equal(Date.parse(x.validTo), NOW + 3650 * DAY);
  assert.ok(Date.parse(x.validFrom) <= NOW);
  assert.match(new X509Certificate(otherCa.certPem).subject, /CN=rogue CA/);
  rejectsWith(() => createCa({ validDays: 0 }), 'INVALID_ARGUMENT', /--days/);
  rejectsWith(() => createCa({ commonName: '  ' }), 'INVALID_ARGUMENT', /common name/);
});

test('a node certificate serves and dials: localhost, 127.0.0.1, extras, server+client auth', () => {
  const pair = issue('000.00.24.H44', 'node', { dnsNames: ['relay.example.vn'], ips: ['10.0.0.7'] });
  const x = new X509Certificate(pair.certPem);
  assert.equal(x.ca, false);
  assert.match(x.subject, /CN=000\.00\.24\.H44/);
  assert.match(x.subject, /O=lienthong/);
  assert.match(x.subject, /OU=node/);
  const san = parseSubjectAltName(x.subjectAltName ?? '');
  assert.deepEqual(san, [
    ['URI', 'urn:lienthong:node:000.00.24.H44'],
    ['DNS', 'localhost'],
    ['DNS', 'relay.example.vn'],
    ['IP Address', '127.0.0.1'],
    ['IP Address', '10.0.0.7'],
  ]);
  assert.deepEqual([...(x.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH]);
  assert.equal(x.checkHost('localhost'), 'localhost');
  assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  assert.ok(x.checkPrivateKey(createPrivateKey(pair.keyPem)));
  assert.equal(Date.parse(x.validTo), NOW + 825 * DAY, 'default leaf validity is 825 days');
  assert.ok(verifyIssuedBy(pair.certPem, ca.certPem));
});

test('an agency certificate is client-only and has no host names', () => {
  const pair = issue('000.46.24.H44', 'agency', { validDays: 30 });
  const x = new X509Certificate(pair.certPem);
  assert.deepEqual(x.keyUsage, [CLIENT_AUTH]);
  assert.equal(x.subjectAltName, 'URI:urn:lienthong:agency:000.46.24.H44');
  assert.equal(x.checkHost('localhost'), undefined);
  assert.equal(Date.parse(x.validTo), NOW + 30 * DAY);
});

test('serials are 16 random positive bytes', () => {
  const a = new X509Certificate(issue('000.00.24.H44', 'admin').certPem).serialNumber;
  const b = new X509Certificate(issue('000.00.24.H44', 'admin').certPem).serialNumber;
  assert.match(a, /^[4-7][0-9A-F]{31}$/);
  assert.notEqual(a, b);
});

test('identityFromPem returns the code, role, validity, serial and fingerprint bound at issue', () => {
  const pair = issue(' 000.46.24.H44 ', 'agency', { validDays: 100 });
  const x = new X509Certificate(pair.certPem);
  assert.deepEqual(identityFromPem(pair.certPem), {
    code: '000.46.24.H44',
    role: 'agency',
    notAfterMs: NOW + 100 * DAY,
    notBeforeMs: Date.parse(x.validFrom),
    serial: x.serialNumber,
    fingerprint256: x.fingerprint256,
  });
});

test('identityFromPem refuses certificates without a lienthong identity, and non-certificates', () => {
  rejectsWith(() => identityFromPem(ca.certPem), 'CERTIFICATE_INVALID', /CN=lienthong network CA carries no lienthong identity.*lienthong pki issue/);
  rejectsWith(() => identityFromPem('not a pem'), 'CERTIFICATE_INVALID', /not a readable PEM/);
});

test('identityFromPeerCertificate reads the binding and rejects missing or malformed ones', () => {
  const peer = (subjectaltname: string | undefined): PeerCertificate =>
    ({
      subject: { CN: 'x' },
      subjectaltname,
      valid_from: 'Jan  1 00:00:00 2026 GMT',
      valid_to: 'Jan  1 00:00:00 2028 GMT',
      serialNumber: 'abcd',
      fingerprint256: 'AA:BB',
    }) as unknown as PeerCertificate;
  assert.deepEqual(identityFromPeerCertificate(peer('DNS:localhost, URI:urn:lienthong:node:000.00.24.H44')), {
    code: '000.00.24.H44',
    role: 'node',
    notBeforeMs: Date.UTC(2026, 0, 1),
    notAfterMs: Date.UTC(2028, 0, 1),
    serial: 'ABCD',
    fingerprint256: 'AA:BB',
  });
  // Node quotes SAN values with special characters as JSON strings.
  assert.equal(identityFromPeerCertificate(peer('URI:"urn:lienthong:agency:000.46.24.H44"')).role, 'agency');
  rejectsWith(() => identityFromPeerCertificate({} as PeerCertificate), 'CERTIFICATE_INVALID', /no client certificate/);
  rejectsWith(() => identityFromPeerCertificate(peer(undefined)), 'CERTIFICATE_INVALID', /CN=x carries no lienthong identity/);
  rejectsWith(() => identityFromPeerCertificate(peer('URI:urn:lienthong:boss:000.00.24.H44')), 'CERTIFICATE_INVALID', /unknown role "boss"/);
  rejectsWith(() => identityFromPeerCertificate(peer('URI:urn:lienthong:node:1.2.3')), 'CERTIFICATE_INVALID', /invalid code/);
  rejectsWith(
    () => identityFromPeerCertificate(peer('URI:urn:lienthong:node:000.00.24.H44, URI:urn:lienthong:admin:000.00.24.H44')),
    'CERTIFICATE_INVALID',
    /2 lienthong identities/,
  );
});

test('issueCertificate validates the code, role, names and days', () => {
  rejectsWith(() => issue('000.46.24', 'node'), 'INVALID_AGENCY_CODE', /needs 4/);
  rejectsWith(() => issue('000.46.00.H44', 'node'), 'INVALID_AGENCY_CODE', /is set while/);
  rejectsWith(() => issue('000.00.24.H44', 'root' as 'node'), 'INVALID_ARGUMENT', /--role must be one of node, agency, admin/);
  rejectsWith(() => issue('000.46.24.H44', 'agency', { dnsNames: ['x.vn'] }), 'INVALID_ARGUMENT', /only apply to node/);
  rejectsWith(() => issue('000.00.24.H44', 'node', { ips: ['10.0.0.300'] }), 'INVALID_ARGUMENT', /--ip "10.0.0.300"/);
  rejectsWith(() => issue('000.00.24.H44', 'node', { dnsNames: ['bad name'] }), 'INVALID_ARGUMENT', /--dns "bad name"/);
  rejectsWith(() => issue('000.00.24.H44', 'node', { validDays: 1.5 }), 'INVALID_ARGUMENT', /whole number/);
});

test('issueCertificate refuses a CA key that does not match, a non-CA issuer, and an expired CA', () => {
  rejectsWith(
    () => issueCertificate({ caCertPem: ca.certPem, caKeyPem: otherCa.keyPem, code: '000.00.24.H44', role: 'node' }),
    'CERTIFICATE_INVALID',
    /CA key does not match the CA certificate/,
  );
  const leaf = issue('000.00.24.H44', 'node');
  rejectsWith(
    () => issueCertificate({ caCertPem: leaf.certPem, caKeyPem: leaf.keyPem, code: '000.46.24.H44', role: 'agency' }),
    'CERTIFICATE_INVALID',
    /is not a CA certificate/,
  );
  const shortCa = createCa({ validDays: 10, nowMs: NOW });
  const fromShort = { caCertPem: shortCa.certPem, caKeyPem: shortCa.keyPem, code: '000.00.24.H44', role: 'node' as const };
  rejectsWith(() => issueCertificate({ ...fromShort, nowMs: NOW + 11 * DAY, validDays: 1 }), 'CERTIFICATE_INVALID', /CA expired/);
  rejectsWith(() => issueCertificate({ ...fromShort, nowMs: NOW }), 'INVALID_ARGUMENT', /outlive the network CA.*--days 10/);
});

test('a certificate from a second CA does not verify against the network CA', () => {
  const rogue = issueCertificate({ caCertPem: otherCa.certPem, caKeyPem: otherCa.keyPem, code: '000.00.24.H44', role: 'node' });
  assert.equal(verifyIssuedBy(rogue.certPem, ca.certPem), false);
  assert.equal(verifyIssuedBy(rogue.certPem, otherCa.certPem), true);
  // Same issuer name is not enough: the signature must check out.
  const twin = createCa({ nowMs: NOW });
  const forged = issueCertificate({ caCertPem: twin.certPem, caKeyPem: twin.keyPem, code: '000.00.24.H44', role: 'node' });
  assert.equal(new X509Certificate(forged.certPem).issuer, new X509Certificate(ca.certPem).subject);
  assert.equal(verifyIssuedBy(forged.certPem, ca.certPem), false);
});

test('checkExpiry warns within the window and reports expiry with the fix', () => {
  const identity = identityFromPem(issue('000.00.24.H44', 'node', { validDays: 100 }).certPem);
  const ok = checkExpiry(identity, NOW + 10 * DAY);
  assert.deepEqual([ok.expired, ok.expiresSoon], [false, false]);
  assert.match(ok.message, /valid until 2026-04-25 \(90 days left\)/);
  const soon = checkExpiry(identity, NOW + 80 * DAY);
  assert.deepEqual([soon.expired, soon.expiresSoon], [false, true]);
  assert.match(soon.message, /node certificate for 000\.00\.24\.H44 expires on 2026-04-25 \(20 day\(s\) left\): issue a new one with `lienthong pki issue --code 000\.00\.24\.H44 --role node`/);
  assert.equal(checkExpiry(identity, NOW + 80 * DAY, 7).expiresSoon, false, 'warnDays is honoured');
  const gone = checkExpiry(identity, NOW + 100 * DAY);
  assert.deepEqual([gone.expired, gone.expiresSoon], [true, false]);
  assert.match(gone.message, /expired on 2026-04-25: issue a new one/);
});

test('PKI directory: init, issue, list, with keys at mode 0600', () => {
  const dir = join(tmp, 'pki');
  rejectsWith(() => loadCaCert(dir), 'CERTIFICATE_INVALID', /lienthong pki init --dir/);
  const ca1 = initPkiDir(dir, { commonName: 'test CA', validDays: 365, nowMs: NOW });
  assert.deepEqual(ca1, { certPath: join(dir, 'ca.crt'), keyPath: join(dir, 'ca.key') });
  assert.equal(statSync(ca1.keyPath).mode & 0o777, 0o600);
  const firstCa = readFileSync(ca1.certPath, 'utf8');
  rejectsWith(() => initPkiDir(dir), 'INVALID_ARGUMENT', /already exists.*--force/);
  assert.equal(readFileSync(ca1.certPath, 'utf8'), firstCa, 'refused init leaves the CA alone');

  const node = issueToDir(dir, { code: '000.00.24.H44', role: 'node', validDays: 200, nowMs: NOW });
  assert.equal(node.certPath, join(dir, 'node-000.00.24.H44.crt'));
  assert.equal(node.keyPath, join(dir, 'node-000.00.24.H44.key'));
  assert.equal(node.replaced, false);
  assert.equal(statSync(node.keyPath).mode & 0o777, 0o600);
  assert.ok(verifyIssuedBy(readFileSync(node.certPath, 'utf8'), loadCaCert(dir)));
  writeFileSync(node.keyPath, 'stale', { mode: 0o644 });
  const renewed = issueToDir(dir, { code: '000.00.24.H44', role: 'node', validDays: 200, nowMs: NOW });
  assert.equal(renewed.replaced, true);
  assert.equal(statSync(renewed.keyPath).mode & 0o777, 0o600, 'an overwritten key is tightened to 0600');

  const out = join(tmp, 'agency-bundle');
  const agency = issueToDir(dir, { code: '000.46.24.H44', role: 'agency', validDays: 20, outDir: out, nowMs: NOW });
  assert.equal(agency.certPath, join(out, 'agency-000.46.24.H44.crt'));
  assert.ok(existsSync(agency.keyPath));
  copyFileSync(agency.certPath, join(dir, 'agency-000.46.24.H44.crt'));
  const rogue = issueCertificate({ caCertPem: otherCa.certPem, caKeyPem: otherCa.keyPem, code: '000.47.24.H44', role: 'agency' });
  writeFileSync(join(dir, 'agency-000.47.24.H44.crt'), rogue.certPem);
  writeFileSync(join(dir, 'notes.crt'), 'garbage');

  const listing = listPkiDir(dir, NOW + DAY);
  assert.deepEqual(
    listing.certificates.map((c) => [c.identity.role, c.identity.code, c.expiry.expiresSoon, c.issuedByCa]),
    [
      ['agency', '000.46.24.H44', true, true],
      ['agency', '000.47.24.H44', false, false],
      ['node', '000.00.24.H44', false, true],
    ],
  );
  assert.deepEqual(listing.skipped.map((s) => s.path), [join(dir, 'notes.crt')]);

  initPkiDir(dir, { force: true, nowMs: NOW });
  assert.notEqual(readFileSync(ca1.certPath, 'utf8'), firstCa, '--force replaces the CA');
  assert.equal(statSync(ca1.keyPath).mode & 0o777, 0o600);
  assert.equal(listPkiDir(dir, NOW).certificates.find((c) => c.identity.role === 'node')?.issuedByCa, false);
});

test('PKI directory: revoke by role and code, by file, by serial; renew; each a new signed version', () => {
  const dir = join(tmp, 'revocations');
  initPkiDir(dir, { nowMs: NOW });
  assert.equal(readRevocationsInDir(dir), null, 'no list before the first revocation');
  const node = issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW });
  const agency = issueToDir(dir, { code: '000.47.24.H44', role: 'agency', outDir: join(tmp, 'elsewhere'), nowMs: NOW });

  const first = revokeInDir(dir, { code: '000.46.24.H44', role: 'node' }, { reason: ' khóa bị lộ ', nowMs: NOW, nextUpdateDays: 7 });
  assert.equal(first.path, join(dir, 'revocations.json'));
  assert.equal(first.list.version, 1);
  assert.deepEqual(first.entry, { serial: node.identity.serial, role: 'node', code: '000.46.24.H44', reason: 'khóa bị lộ', revokedAtMs: NOW });
  assert.equal(first.list.nextUpdateMs, NOW + 7 * DAY);

  const second = revokeInDir(dir, { certFile: agency.certPath }, { nowMs: NOW + DAY });
  assert.equal(second.list.version, 2);
  assert.deepEqual([second.entry?.role, second.entry?.code], ['agency', '000.47.24.H44']);
  const third = revokeInDir(dir, { serial: '0a:bc:de' }, { nowMs: NOW + DAY, unknownSerialOk: true });
  assert.equal(third.entry?.serial, 'ABCDE');
  assert.deepEqual([third.entry?.role, third.entry?.code], ['', '']);

  rejectsWith(() => revokeInDir(dir, { certFile: node.certPath }), 'INVALID_ARGUMENT', /already revoked since 2026-01-15/);
  rejectsWith(() => revokeInDir(dir, { code: '000.99.24.H44', role: 'node' }), 'CERTIFICATE_INVALID', /no node certificate for 000\.99\.24\.H44 was issued in .*: give --cert FILE or --serial HEX/);

  assert.deepEqual(listPkiDir(dir, NOW).certificates.map((c) => [c.identity.code, c.revoked]), [['000.46.24.H44', true]], 'pki list marks it revoked');
  const renewed = renewRevocationsInDir(dir, { nowMs: NOW + 2 * DAY });
  assert.equal(renewed.list.version, 4);
  assert.equal(renewed.entry, undefined);
  const read = readRevocationsInDir(dir)!;
  assert.deepEqual(read.list, renewed.list, 'the file holds what was signed, and it verifies against ca.crt');
  assert.equal(read.list.caFingerprint256, new X509Certificate(loadCaCert(dir)).fingerprint256);

  // A hand-edited file no longer verifies.
  const text = readFileSync(read.path, 'utf8').replace('"reason": "khóa bị lộ"', '"reason": "nhầm"');
  writeFileSync(read.path, text);
  rejectsWith(() => readRevocationsInDir(dir), 'REVOCATION_LIST_INVALID', /not signed by this network's CA/);
});

test('a CA named in Vietnamese is written as UTF8String and its certificates chain to it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-pki-vi-'));
  try {
    initPkiDir(dir, { commonName: 'CA Trục liên thông văn bản quốc gia', nowMs: NOW });
    const leaf = issueToDir(dir, { code: '000.00.24.H44', role: 'node', nowMs: NOW });
    const caCert = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const cert = new X509Certificate(readFileSync(leaf.certPath));
    assert.match(caCert.subject, /CN=CA Trục liên thông văn bản quốc gia/);
    assert.equal(cert.issuer, caCert.subject);
    assert.ok(cert.checkIssued(caCert) && cert.verify(caCert.publicKey));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a role as a message names it takes the right article', () => {
  assert.deepEqual([aRole('node'), aRole('agency'), aRole('admin')], ['a node', 'an agency', 'an admin']);
});
