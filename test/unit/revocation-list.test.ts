/**
 * The revocation list without a network: canonical encoding, the CA's signature (altered bytes,
 * another CA), versions, staleness with an injected clock, and the state a node keeps.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LienthongError } from '../../src/domain/errors.js';
import { createCa, type PemPair } from '../../src/pki/ca.js';
import { issueCertificate } from '../../src/pki/issue.js';
import { identityFromPem } from '../../src/pki/identity.js';
import { parseRevocationFile, revocationFileText } from '../../src/pki/revocation-file.js';
import {
  decodeRevocationList,
  encodeRevocationList,
  isNewer,
  isStale,
  nextRevocationList,
  normalizeSerial,
  staleWarning,
  type RevocationList,
  type SignedRevocationList,
} from '../../src/pki/revocation-list.js';
import { caFingerprint, signRevocationList, verifyRevocationList } from '../../src/pki/revocation-signature.js';
import { RevocationState } from '../../src/pki/revocation-state.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 8, 0, 0);

let ca: PemPair;
let otherCa: PemPair;
let commune: string;

function rejects(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LienthongError, `expected LienthongError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

function listWith(serials: string[], version = 1): RevocationList {
  let list: RevocationList | null = null;
  for (const serial of serials) list = nextRevocationList(list, { serial, role: 'node', code: '000.46.24.H44', reason: 'key lost' }, { nowMs: NOW, caFingerprint256: caFingerprint(ca.certPem) });
  list ??= nextRevocationList(null, null, { nowMs: NOW, caFingerprint256: caFingerprint(ca.certPem) });
  return { ...list, version };
}

before(() => {
  ca = createCa({ nowMs: NOW });
  otherCa = createCa({ commonName: 'rogue CA', nowMs: NOW });
  commune = identityFromPem(issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, code: '000.46.24.H44', role: 'node', nowMs: NOW }).certPem).serial;
});

describe('revocation list: encoding', () => {
  it('round-trips through its canonical bytes, keys sorted, dates as ISO', () => {
    const list = listWith([commune]);
    const bytes = encodeRevocationList(list);
    assert.deepEqual(decodeRevocationList(bytes), list);
    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('{"ca":'), text);
    assert.match(text, /"issuedAt":"2026-01-15T08:00:00.000Z"/);
    assert.match(text, new RegExp(`"serial":"${commune}"`));
  });

  it('normalizes serials as Node prints them: uppercase hex, no colons, no leading zeros', () => {
    assert.equal(normalizeSerial('0a:3f:00'), 'A3F00');
    assert.equal(normalizeSerial(' 4b12 '), '4B12');
    rejects(() => normalizeSerial('xyz'), 'INVALID_ARGUMENT', /not a certificate serial/);
  });

  const malformed: Array<[string, (o: Record<string, any>) => void, RegExp]> = [
    ['an unknown field', (o) => (o.extra = 1), /extra: unknown field/],
    ['another type', (o) => (o.type = 'crl'), /type must be/],
    ['version 0', (o) => (o.version = 0), /version must be a whole number from 1/],
    ['a fractional version', (o) => (o.version = 1.5), /version must be/],
    ['a bad date', (o) => (o.issuedAt = 'yesterday'), /issuedAt must be a date/],
    ['nextUpdate before issuedAt', (o) => (o.nextUpdate = '2020-01-01T00:00:00.000Z'), /nextUpdate must come after issuedAt/],
    ['a lowercase serial', (o) => (o.entries[0].serial = o.entries[0].serial.toLowerCase()), /must be uppercase hex/],
    ['an unknown role', (o) => (o.entries[0].role = 'root'), /role must be node, agency, admin/],
    ['a bad code', (o) => (o.entries[0].code = '46.24.H44'), /code "46.24.H44" is not an agency code/],
    ['a serial twice', (o) => o.entries.push({ ...o.entries[0] }), /listed twice/],
  ];
  for (const [what, edit, pattern] of malformed) {
    it(`refuses a list with ${what}`, () => {
      const o = JSON.parse(encodeRevocationList(listWith([commune])).toString('utf8'));
      edit(o);
      rejects(() => decodeRevocationList(Buffer.from(JSON.stringify(o))), 'REVOCATION_LIST_INVALID', pattern);
    });
  }

  it('refuses bytes that are valid JSON but not canonical (so a stored list verifies again after a reload)', () => {
    const o = JSON.parse(encodeRevocationList(listWith([commune])).toString('utf8'));
    rejects(() => decodeRevocationList(Buffer.from(JSON.stringify(o, null, 1))), 'REVOCATION_LIST_INVALID', /canonical form/);
  });
});

describe('revocation list: signature', () => {
  it('verifies a list signed by the CA and gives back the same list', () => {
    const list = listWith([commune]);
    const signed = signRevocationList(list, ca.certPem, ca.keyPem);
    assert.deepEqual(verifyRevocationList(signed, ca.certPem), list);
  });

  it('refuses a list with one byte changed', () => {
    const signed = signRevocationList(listWith([commune]), ca.certPem, ca.keyPem);
    const payload = Buffer.from(signed.payload);
    const at = payload.indexOf('"version":1') + '"version":'.length;
    payload[at] = '2'.charCodeAt(0);
    rejects(() => verifyRevocationList({ payload, signature: signed.signature }, ca.certPem), 'REVOCATION_LIST_INVALID', /not signed by this network's CA/);
  });

  it('refuses a list signed by another CA, naming both CAs', () => {
    const list = { ...listWith([commune]), caFingerprint256: caFingerprint(otherCa.certPem) };
    const signed = signRevocationList(list, otherCa.certPem, otherCa.keyPem);
    rejects(() => verifyRevocationList(signed, ca.certPem), 'REVOCATION_LIST_INVALID', new RegExp(`names CA ${caFingerprint(otherCa.certPem)}; this node trusts ${caFingerprint(ca.certPem)}`));
  });

  it('will not sign with a key that is not the CA\'s', () => {
    rejects(() => signRevocationList(listWith([commune]), ca.certPem, otherCa.keyPem), 'CERTIFICATE_INVALID', /does not match the CA certificate/);
  });

  it('survives the file format: readable JSON whose canonical form is what was signed', () => {
    const signed = signRevocationList(listWith([commune]), ca.certPem, ca.keyPem);
    const text = revocationFileText(signed);
    assert.match(text, /\n {2}"list": \{\n/);
    const back = parseRevocationFile(text, 'revocations.json');
    assert.ok(back.payload.equals(signed.payload));
    assert.deepEqual(verifyRevocationList(back, ca.certPem).entries.map((e) => e.serial), [commune]);
  });
});

describe('revocation list: versions and staleness', () => {
  it('a new entry makes the next version, issued now, due after the given days', () => {
    const first = nextRevocationList(null, { serial: commune, reason: 'lost' }, { nowMs: NOW, nextUpdateDays: 7, caFingerprint256: 'X' });
    assert.equal(first.version, 1);
    assert.equal(first.nextUpdateMs, NOW + 7 * DAY);
    const second = nextRevocationList(first, { serial: 'ABC1' }, { nowMs: NOW + DAY, caFingerprint256: 'X' });
    assert.equal(second.version, 2);
    assert.deepEqual(second.entries.map((e) => e.serial), [commune, 'ABC1']);
    assert.equal(second.nextUpdateMs, NOW + 31 * DAY, 'default: 30 days');
    const renewed = nextRevocationList(second, null, { nowMs: NOW + 2 * DAY, caFingerprint256: 'X' });
    assert.equal(renewed.version, 3);
    assert.deepEqual(renewed.entries, second.entries);
  });

  it('refuses to revoke a serial twice', () => {
    const first = nextRevocationList(null, { serial: commune }, { nowMs: NOW, caFingerprint256: 'X' });
    rejects(() => nextRevocationList(first, { serial: commune.toLowerCase() }, { nowMs: NOW, caFingerprint256: 'X' }), 'INVALID_ARGUMENT', /already revoked since/);
  });

  it('only a strictly higher version is newer', () => {
    assert.equal(isNewer({ version: 1 }, null), true);
    assert.equal(isNewer({ version: 2 }, { version: 1 }), true);
    assert.equal(isNewer({ version: 2 }, { version: 2 }), false);
    assert.equal(isNewer({ version: 1 }, { version: 2 }), false);
  });

  it('is stale from nextUpdate on, with a warning that says what to do', () => {
    const list = listWith([commune]);
    assert.equal(isStale(list, list.nextUpdateMs - 1), false);
    assert.equal(staleWarning(list, list.nextUpdateMs - 1), null);
    assert.equal(isStale(list, list.nextUpdateMs), true);
    assert.match(staleWarning(list, list.nextUpdateMs + 3 * DAY)!, /version 1 is stale: its next update was due 2026-02-14 \(3 day\(s\) ago\); the node keeps enforcing it.*pki revoke --dir PKI --renew/);
  });
});

describe('revocation state (what a node enforces)', () => {
  function state(clock = { now: NOW }) {
    const persisted: SignedRevocationList[] = [];
    const s = new RevocationState({ caCertPem: ca.certPem, now: () => clock.now, persist: (l) => persisted.push(l) });
    const applied: number[] = [];
    s.on('applied', (e: { list: RevocationList }) => applied.push(e.list.version));
    return { s, persisted, applied, clock };
  }
  const signed = (list: RevocationList) => signRevocationList(list, ca.certPem, ca.keyPem);

  it('knows nothing revoked and no list before the first one', () => {
    const { s } = state();
    assert.equal(s.isRevoked(commune), false);
    assert.equal(s.current(), null);
  });

  it('applies a newer list: persisted first, then enforced, then announced', () => {
    const { s, persisted, applied } = state();
    const r = s.offer(signed(listWith([commune], 1)), 'parent');
    assert.equal(r.outcome, 'applied');
    assert.equal(persisted.length, 1);
    assert.deepEqual(applied, [1]);
    assert.equal(s.isRevoked(commune), true);
    assert.equal(s.isRevoked(`00${commune.toLowerCase()}`), true, 'serials compare normalized');
    assert.equal(s.isRevoked('ABCDEF'), false);
  });

  it('ignores an equal or older version, keeping the newer one', () => {
    const { s, persisted } = state();
    s.offer(signed(listWith([commune], 3)), 'parent');
    assert.equal(s.offer(signed(listWith([], 3)), 'child').outcome, 'same');
    assert.equal(s.offer(signed(listWith([], 2)), 'child').outcome, 'older');
    assert.equal(persisted.length, 1);
    assert.equal(s.isRevoked(commune), true);
  });

  it('refuses and counts a list from another CA, keeping the last valid one', () => {
    const { s } = state();
    s.offer(signed(listWith([commune], 1)), 'parent');
    const forged = signRevocationList({ ...listWith([], 9), caFingerprint256: caFingerprint(otherCa.certPem) }, otherCa.certPem, otherCa.keyPem);
    rejects(() => s.offer(forged, 'child 000.46.24.H44'), 'REVOCATION_LIST_INVALID', /not signed by this network's CA/);
    assert.equal(s.refused, 1);
    assert.match(s.lastRefusal, /^from child 000.46.24.H44: /);
    assert.equal(s.current()?.version, 1);
    assert.equal(s.isRevoked(commune), true);
  });

  it('does not enforce a list it could not persist', () => {
    const s = new RevocationState({ caCertPem: ca.certPem, now: () => NOW, persist: () => { throw new Error('disk full'); } });
    assert.throws(() => s.offer(signed(listWith([commune], 1)), 'parent'), /disk full/);
    assert.equal(s.isRevoked(commune), false);
  });

  it('turns stale with the clock but keeps enforcing', () => {
    const { s, clock } = state();
    const list = listWith([commune], 1);
    s.offer(signed(list), 'operator');
    assert.deepEqual(s.current(), { version: 1, issuedAtMs: NOW, nextUpdateMs: list.nextUpdateMs, stale: false });
    clock.now = list.nextUpdateMs + 1;
    assert.equal(s.current()?.stale, true);
    assert.equal(s.isRevoked(commune), true);
  });
});
