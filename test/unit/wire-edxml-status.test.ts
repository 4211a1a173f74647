/**
 * A status's edXML part as a peer sends it travels unsigned: times a Date cannot hold (an export
 * would fail on them every time), unbounded text or trace are refused on decode, and the exported
 * From is always the status's reporter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyOrganization, emptyStaffInfo } from '../../src/edxml/edxml-document.js';
import { statusPackage } from '../../src/edxml/edxml-message.js';
import type { Message } from '../../src/domain/types.js';
import { edxmlStatusFromPb, edxmlStatusToPb } from '../../src/service/wire-edxml.js';

const good = { from: { ...emptyOrganization(), organId: '000.00.07.H29', organName: 'Phường 07' }, staffInfo: { ...emptyStaffInfo(), staff: 'Lê Thị Hoà' }, timestampMs: Date.UTC(2025, 6, 1, 2), traceHeaders: [{ organId: '000.00.07.H29', timestampMs: Date.UTC(2025, 6, 1, 2) }] };
const wire = (over: Record<string, unknown>) => ({ ...edxmlStatusToPb(good), ...over }) as never;

describe('a status\'s edXML part from a peer', () => {
  it('round-trips a sane one', () => {
    assert.deepEqual(edxmlStatusFromPb(wire({})), good);
  });

  it('refuses times a Date cannot hold, too many trace headers and overlong text', () => {
    assert.throws(() => edxmlStatusFromPb(wire({ timestampMs: 9e15 })), /INVALID_DOCUMENT|Status\/Timestamp 9000000000000000 is not a time/);
    assert.throws(() => edxmlStatusFromPb(wire({ traceHeaders: [{ organId: '000.00.07.H29', timestampMs: -9e15 }] })), /TraceHeader\/Timestamp/);
    assert.throws(() => edxmlStatusFromPb(wire({ traceHeaders: Array.from({ length: 65 }, () => ({ organId: '000.00.07.H29', timestampMs: 0 })) })), /65 entries, at most 64/);
    assert.throws(() => edxmlStatusFromPb(wire({ from: { ...good.from, organName: 'x'.repeat(501) } })), /From\/organName is 501 characters, at most 500/);
  });

  it('exports the reporter as From/OrganId whatever the part says', () => {
    const m = {
      id: '01a20000-0000-7000-8000-000000000001', kind: 'status', from: '000.00.07.H29', to: ['000.00.00.G22'], priority: 0, createdAtMs: 0, expiresAtMs: 0,
      status: { refMessageId: '01a20000-0000-7000-8000-000000000002', code: '03', reason: '', reporter: '000.00.07.H29', recipient: '000.00.07.H29', atMs: 0, nodeCode: '', path: [], errorCode: '' },
      edxmlStatus: { ...good, from: { ...good.from, organId: '000.00.00.G01' } },
      bodySha256: '', body: Buffer.alloc(0), attachments: [],
    } as unknown as Message;
    const pkg = statusPackage(m, [], null);
    assert.equal(pkg.from.organId, '000.00.07.H29');
    assert.equal(pkg.from.organName, 'Phường 07');
  });

  it('exports a non-delivery report as status 02 about the recipient it could not reach, naming the node in the Description', () => {
    const m = {
      id: '01a20000-0000-7000-8000-000000000003', kind: 'status', from: '000.00.24.H44', to: ['000.46.24.H44'], priority: 0, createdAtMs: 0, expiresAtMs: 0,
      status: {
        refMessageId: '01a20000-0000-7000-8000-000000000004', code: 'NON_DELIVERY', reason: '000.77.24.H44 lies in the subtree of 000.00.24.H44, which holds no such agency',
        reporter: '000.00.24.H44', recipient: '000.77.24.H44', atMs: 0, nodeCode: '000.00.24.H44', path: [], errorCode: 'UNKNOWN_RECIPIENT',
      },
      bodySha256: '', body: Buffer.alloc(0), attachments: [],
    } as unknown as Message;
    const pkg = statusPackage(m, [], null);
    assert.equal(pkg.statusCode, '02');
    assert.equal(pkg.from.organId, '000.77.24.H44', 'about the recipient, not the node');
    assert.equal(pkg.description, 'non-delivery (UNKNOWN_RECIPIENT) at 000.00.24.H44: 000.77.24.H44 lies in the subtree of 000.00.24.H44, which holds no such agency');
  });
});
