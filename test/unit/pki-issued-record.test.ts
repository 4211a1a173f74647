/**
 * A PKI directory records every certificate its CA issues (issued.jsonl), and `revoke --serial`
 * refuses a serial that record lacks unless told otherwise: a mistyped serial was signed into the
 * list and spread through the network, while the certificate meant stayed trusted.
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LienthongError } from '../../src/domain/errors.js';
import { initPkiDir, issueToDir, readRevocationsInDir, revokeInDir } from '../../src/pki/files.js';
import { ISSUED_FILE, readIssuedRecord } from '../../src/pki/issued-record.js';

const NOW = Date.UTC(2026, 0, 15, 3, 0, 0);
const DAY = 86_400_000;
let tmp: string;
let n = 0;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'lienthong-issued-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function freshDir(): string {
  const dir = join(tmp, `pki-${++n}`);
  initPkiDir(dir, { nowMs: NOW });
  return dir;
}

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LienthongError, String(err));
    assert.equal(err.code, 'INVALID_ARGUMENT');
    assert.match(err.message, pattern);
    return true;
  });
}

describe('the record of issued certificates', () => {
  it('pki init starts it empty; every issue is recorded in the CA directory, wherever the pair is written', () => {
    const dir = freshDir();
    assert.equal(readFileSync(join(dir, ISSUED_FILE), 'utf8'), '');
    const node = issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW });
    const agency = issueToDir(dir, { code: '000.47.24.H44', role: 'agency', outDir: join(tmp, `elsewhere-${n}`), nowMs: NOW });
    const record = readIssuedRecord(dir)!;
    assert.equal(record.bySerial.size, 2);
    assert.deepEqual(
      { ...record.bySerial.get(agency.identity.serial) },
      { serial: agency.identity.serial, role: 'agency', code: '000.47.24.H44', notBefore: new Date(agency.identity.notBeforeMs).toISOString(), notAfter: new Date(agency.identity.notAfterMs).toISOString(), issuedAt: new Date(NOW).toISOString() },
    );
    assert.equal(record.bySerial.get(node.identity.serial)?.code, '000.46.24.H44');
  });

  it('revoke --serial of a certificate this CA issued: taken, with its role and code from the record (also after a renewal replaced its file)', () => {
    const dir = freshDir();
    const old = issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW });
    issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW + DAY }); // renewal: the old .crt is gone
    const r = revokeInDir(dir, { serial: old.identity.serial.toLowerCase() }, { nowMs: NOW + 2 * DAY, reason: 'máy cũ bị mất' });
    assert.deepEqual([r.entry?.serial, r.entry?.role, r.entry?.code, r.warning], [old.identity.serial, 'node', '000.46.24.H44', undefined]);
  });

  it('revoke --serial of a serial this CA never issued: refused, nothing signed; with unknownSerialOk it is revoked, with a warning', () => {
    const dir = freshDir();
    issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW });
    refused(
      () => revokeInDir(dir, { serial: '0123456789ABCDEF' }, { nowMs: NOW }),
      /^serial 123456789ABCDEF is not one the CA in .* issued: its record of issued certificates \(.*issued\.jsonl, 1 certificate\(s\)\) lacks it, so nothing was revoked; check it \(`lienthong pki show FILE` prints a certificate's serial\), or revoke by --cert FILE\. For a certificate this CA did issue, before the record began or from another copy of the CA directory, pass --unknown-serial-ok$/,
    );
    assert.equal(readRevocationsInDir(dir), null, 'no list was signed');
    const r = revokeInDir(dir, { serial: '0123456789ABCDEF' }, { nowMs: NOW, unknownSerialOk: true });
    assert.equal(r.entry?.serial, '123456789ABCDEF');
    assert.match(r.warning!, /serial 123456789ABCDEF is not in .*issued\.jsonl: revoked as --unknown-serial-ok asked/);
  });

  it('a directory made before the record: serials are looked up among its certificates, others revoked with a warning; its next issue begins the record with what the folder holds', () => {
    const dir = freshDir();
    const before = issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW });
    unlinkSync(join(dir, ISSUED_FILE)); // as an older lienthong left it
    const found = revokeInDir(dir, { serial: before.identity.serial }, { nowMs: NOW });
    assert.deepEqual([found.entry?.role, found.entry?.code, found.warning], ['node', '000.46.24.H44', undefined]);
    const unchecked = revokeInDir(dir, { serial: 'ABC001' }, { nowMs: NOW });
    assert.equal(unchecked.entry?.serial, 'ABC001');
    assert.match(unchecked.warning!, /keeps no record of the certificates its CA issued \(it was made before lienthong kept issued\.jsonl; the next `lienthong pki issue` begins one\), and serial ABC001 is not among the certificates in it: it was revoked unchecked/);

    const next = issueToDir(dir, { code: '000.47.24.H44', role: 'agency', nowMs: NOW });
    const record = readIssuedRecord(dir)!;
    assert.equal(record.bySerial.get(before.identity.serial)?.found, 'node-000.46.24.H44.crt');
    assert.ok(record.bySerial.get(next.identity.serial)?.issuedAt);
    refused(() => revokeInDir(dir, { serial: 'ABC002' }, { nowMs: NOW }), /serial ABC002 is not one the CA in .* issued/);
  });

  it('a last line cut short by a crash is ignored, and cut off before the next entry; a damaged line elsewhere is an error', () => {
    const dir = freshDir();
    const a = issueToDir(dir, { code: '000.46.24.H44', role: 'node', nowMs: NOW });
    const path = join(dir, ISSUED_FILE);
    appendFileSync(path, '{"serial":"ABC0');
    assert.equal(readIssuedRecord(dir)!.bySerial.size, 1);
    const b = issueToDir(dir, { code: '000.47.24.H44', role: 'agency', nowMs: NOW });
    assert.deepEqual([...readIssuedRecord(dir)!.bySerial.keys()].sort(), [a.identity.serial, b.identity.serial].sort());
    writeFileSync(path, 'garbage\n' + readFileSync(path, 'utf8'));
    refused(() => readIssuedRecord(dir), /record of issued certificates .*issued\.jsonl is damaged at line 1 .*restore it from a backup/);
    assert.ok(existsSync(path));
  });
});
