/**
 * What `lienthong status` prints for a node's state, and what `check` makes of the same state: each
 * warning says what is true now and what to do.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import { signingCertificates, statusLines, statusWarnings } from '../../src/cli/cmd-status.js';
import { evaluateHealth, healthWarnings, type HealthThresholds } from '../../src/node/health-check.js';

const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);
const DAY = 86_400_000;
const T: HealthThresholds = { linkDownAfterMs: 300_000, backlogAgeMs: 3_600_000, certificateWarningMs: 30 * DAY };

function statusOf(over: Partial<StatusResponse__Output> = {}): StatusResponse__Output {
  return {
    nodeCode: '000.00.00.H44', level: 1, startedAtMs: NOW - DAY, version: '0.1.0', links: [], counters: [], outboxTotal: 0, inboxUnacknowledged: 0,
    certificate: { subject: 'node 000.00.00.H44', notAfterMs: NOW + 400 * DAY, serial: 'AA01', revoked: false },
    draining: false, listenAddress: '127.0.0.1:7811',
    caCertificate: { subject: 'CN=lienthong network CA', notAfterMs: NOW + 3000 * DAY, serial: 'CA01', revoked: false },
    revocations: null, storeFault: '', signingCertificates: [], storeFull: '',
    ...over,
  } as StatusResponse__Output;
}

const signing = (notAfterMs: number, revoked = false) => ({ subject: 'agency 000.00.00.H44', notAfterMs, serial: '5A01', revoked });

describe('status: the certificates the node signs with', () => {
  it('one that expires soon still signs, and the warning says so (not "refuses to sign")', () => {
    const lines = statusLines(statusOf({ signingCertificates: [signing(NOW + 10 * DAY)] }), NOW);
    const warning = lines.find((l) => l.includes('signing certificate of agency 000.00.00.H44'));
    assert.ok(warning, lines.join('\n'));
    assert.match(warning, /expires on 2026-12-02 \(in 10 day\(s\)\): the node still signs with it, and refuses to once it has expired: issue a new one with `lienthong pki issue --role agency --code 000\.00\.00\.H44` and put it under signing\.agencyKeys before then/);
    assert.doesNotMatch(warning, /refuses to sign for it/);
    const [problem] = evaluateHealth({ nowMs: NOW, draining: false, links: [], certificateNotAfterMs: NOW + 400 * DAY, signingCertificates: signingCertificates([signing(NOW + 10 * DAY)]) }, T);
    assert.match(problem!, /expires on 2026-12-02 .*: the node still signs with it, and refuses to once it has expired/);
  });

  it('one that has expired or is revoked: the node refuses to sign for it', () => {
    const lines = statusLines(statusOf({ signingCertificates: [signing(NOW - DAY)] }), NOW);
    assert.ok(lines.some((l) => /signing certificate of agency 000\.00\.00\.H44 .* expired on 2026-11-21: the node refuses to sign for it: issue a new one/.test(l)), lines.join('\n'));
    const revoked = statusLines(statusOf({ signingCertificates: [signing(NOW + 10 * DAY, true)] }), NOW);
    assert.ok(revoked.some((l) => /signing certificate of agency 000\.00\.00\.H44 .* is revoked: the node refuses to sign for it/.test(l)), revoked.join('\n'));
  });

  it('one valid beyond the warning window: no warning', () => {
    const lines = statusLines(statusOf({ signingCertificates: [signing(NOW + 90 * DAY)] }), NOW);
    assert.equal(lines.filter((l) => l.startsWith('warning:')).length, 0, lines.join('\n'));
  });
});

describe('status: unread inbox items of an agency no longer attached', () => {
  const detached = { agency: '000.01.24.H44', items: 2, oldestMs: NOW - DAY };

  it('are a warning line, in the words `check` uses for its WARNING', () => {
    const s = statusOf({ detachedInboxes: [detached] });
    const expected = healthWarnings({ detachedInboxes: [detached] });
    assert.equal(expected.length, 1);
    assert.match(expected[0]!, /^2 unacknowledged inbox items for agency 000\.01\.24\.H44, which is no longer attached here \(the oldest delivered 2026-11-21T03:00:00\.000Z\): .*attach 000\.01\.24\.H44 here again/);
    assert.deepEqual(statusWarnings(s, NOW), expected, 'the --json warnings');
    const lines = statusLines(s, NOW);
    assert.deepEqual(lines.filter((l) => l.startsWith('warning:')), [`warning: ${expected[0]}`], lines.join('\n'));
  });

  it('none unread (or none detached): no warning', () => {
    assert.deepEqual(statusWarnings(statusOf({ detachedInboxes: [{ ...detached, items: 0 }] }), NOW), []);
    assert.deepEqual(statusWarnings(statusOf({ detachedInboxes: [] }), NOW), []);
  });
});
