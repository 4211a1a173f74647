/**
 * Clock skew between linked nodes (src/link/clock-skew.ts): the offset read from two Hellos, when
 * it counts as a skew, and how `check`, `status` and the dialer's messages word it. Pure: times in,
 * words out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import type { LinkStatus__Output } from '../../src/gen/lienthong/v1/LinkStatus.js';
import { statusLines } from '../../src/cli/cmd-status.js';
import { acceptorOffset, CLOCK_SKEW_LIMIT_MS, clockOffset, describeDuration, dialerOffset, isSkewed, skewProblem } from '../../src/link/clock-skew.js';
import { describe as describeFailure } from '../../src/link/link-dialer.js';
import { refusalReason } from '../../src/link/tls-refusals.js';
import { clockProblems, evaluateHealth, staleClockHint, type HealthLink } from '../../src/node/health-check.js';

const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);
const S = 1_000;
const DAY = 86_400_000;
const T = { linkDownAfterMs: 300 * S, backlogAgeMs: 3_600 * S, certificateWarningMs: 30 * DAY };

describe('the offset read from the Hellos', () => {
  it('the dialer: the peer read its clock between sending and answer, so its offset is known to half the round trip', () => {
    assert.deepEqual(dialerOffset(NOW + 30 * DAY + 50, NOW, NOW + 100), { offsetMs: 30 * DAY, uncertaintyMs: 50 });
    assert.deepEqual(dialerOffset(NOW + 40, NOW, NOW + 80), { offsetMs: 0, uncertaintyMs: 40 });
    assert.deepEqual(clockOffset(NOW - 90 * S, NOW, NOW), { offsetMs: -90 * S, uncertaintyMs: 0 });
  });
  it('the acceptor: it sees one way only, and allows the longest a Hello may take (the dialer\'s timeout)', () => {
    assert.deepEqual(acceptorOffset(NOW - 5, NOW), { offsetMs: -5, uncertaintyMs: 10_000 });
  });
  it('a peer that sent no time (an older version) gives no reading', () => {
    assert.equal(dialerOffset(0, NOW, NOW + 10), null);
    assert.equal(acceptorOffset(0, NOW), null);
  });

  const CASES: [string, { offsetMs: number; uncertaintyMs: number }, boolean][] = [
    ['in sync', { offsetMs: 3, uncertaintyMs: 2 }, false],
    ['a minute exactly', { offsetMs: CLOCK_SKEW_LIMIT_MS, uncertaintyMs: 0 }, false],
    ['just over a minute ahead', { offsetMs: CLOCK_SKEW_LIMIT_MS + 1, uncertaintyMs: 0 }, true],
    ['just over a minute behind', { offsetMs: -CLOCK_SKEW_LIMIT_MS - 1, uncertaintyMs: 0 }, true],
    ['over a minute, but the round trip could explain it', { offsetMs: 65 * S, uncertaintyMs: 10 * S }, false],
    ['30 days ahead', { offsetMs: 30 * DAY, uncertaintyMs: 10 * S }, true],
    ['900 days behind', { offsetMs: -900 * DAY, uncertaintyMs: 10 }, true],
  ];
  for (const [why, o, skewed] of CASES) it(`isSkewed: ${why}`, () => assert.equal(isSkewed(o), skewed));

  it('durations read as an operator reads them', () => {
    assert.deepEqual([35, 95 * S, -12 * 60 * S, 5.5 * 3_600 * S, 30 * DAY].map(describeDuration), ['35 ms', '95 s', '12 min', '5.5 hours', '30.0 days']);
  });
  it('the problem names the peer, the difference and which side is ahead, and says to fix the clock with NTP', () => {
    assert.match(
      skewProblem('parent 000.00.00.H44', { offsetMs: -30 * DAY, uncertaintyMs: 3 }),
      /^the clock of parent 000\.00\.00\.H44 is 30\.0 days behind this node's \(measured when the link came up, to within 3 ms; more than 60 s apart\): one of the two clocks is wrong; .* set it right, with NTP kept running/,
    );
  });
});

const link = (over: Partial<HealthLink> = {}): HealthLink => ({ peerCode: '000.00.00.H44', role: 'parent', state: 'up', sinceMs: NOW - DAY, oldestMs: 0, outboxDepth: 0, ...over });
const skewedParent = (offsetMs: number) => link({ clockOffsetMs: offsetMs, clockUncertaintyMs: 3, clockCheckedAtMs: NOW - 60 * S });

describe('check and status', () => {
  it('check is CRITICAL for a peer whose clock differs by more than a minute; not for one in sync, nor one never measured', () => {
    const [problem, ...rest] = evaluateHealth({ nowMs: NOW, draining: false, links: [skewedParent(30 * DAY), link({ peerCode: '000.46.24.H44', role: 'child', clockOffsetMs: 40, clockCheckedAtMs: NOW })], certificateNotAfterMs: NOW + 400 * DAY }, T);
    assert.match(problem!, /^the clock of parent 000\.00\.00\.H44 is 30\.0 days ahead of this node's/);
    assert.deepEqual(rest, []);
    assert.deepEqual(clockProblems([link({ clockOffsetMs: 30 * DAY })]), [], 'clockCheckedAtMs 0: never measured');
  });

  it('a stale list on a node whose clock runs ahead of its peer\'s: the verdict says the clock is the likely cause', () => {
    const nextUpdateMs = NOW - 2 * DAY; // stale by this node's clock
    const problems = evaluateHealth({ nowMs: NOW, draining: false, links: [skewedParent(-30 * DAY)], certificateNotAfterMs: NOW + 400 * DAY, revocations: { version: 3, stale: true, nextUpdateMs } }, T);
    const stale = problems.find((p) => p.startsWith('revocation list version 3 is stale'));
    assert.match(stale!, /is stale since 2026-11-20 \(still enforced\): publish a new one .*\. But the clock of parent 000\.00\.00\.H44 is 30\.0 days behind this node's, and by that clock the list is not due until 2026-11-20: most likely this node's clock is ahead; set it right \(NTP\) rather than publish a new list$/);
    assert.equal(staleClockHint(nextUpdateMs, [link()], NOW), '', 'no skew seen: the verdict stands alone');
    assert.match(staleClockHint(NOW - 40 * DAY, [skewedParent(-30 * DAY)], NOW), /^\. Note that the clock of parent .* is 30\.0 days behind this node's: check the clocks \(NTP\) first$/);
  });

  it('status prints a warning line per skewed peer, and the stale list with the clock hint', () => {
    const l = { ...skewedParent(-30 * DAY), address: '127.0.0.1:7811', lastError: '', inflight: 0, reconnects: 0, peerCertificate: null } as LinkStatus__Output;
    const s = {
      nodeCode: '000.00.24.H44', level: 2, startedAtMs: NOW - DAY, version: '0.1.0', links: [l], counters: [], outboxTotal: 0, inboxUnacknowledged: 0,
      certificate: null, draining: false, listenAddress: '127.0.0.1:7812', caCertificate: null,
      revocations: { version: 3, issuedAtMs: NOW - 32 * DAY, nextUpdateMs: NOW - 2 * DAY, stale: true, entries: 1, refused: 0, lastRefusal: '' },
      storeFault: '', signingCertificates: [], storeFull: '', agencyCertificates: [], detachedInboxes: [], auditLoss: '',
    } as StatusResponse__Output;
    const warnings = statusLines(s, NOW).filter((x) => x.startsWith('warning: '));
    assert.ok(warnings.some((w) => /^warning: the clock of parent 000\.00\.00\.H44 is 30\.0 days behind this node's/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /^warning: revocation list version 3 is stale: .*most likely this node's clock is ahead/.test(w)), warnings.join('\n'));
  });
});

describe('what the dialer and the peer port say of a certificate outside its dates', () => {
  const unavailable = (details: string) => Object.assign(new Error(details), { code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() });

  it('"presented an expired certificate" names this node\'s clock (its day: a retry reads the same), and the skew seen on the last link', () => {
    const err = unavailable('No connection established. Last error: certificate has expired');
    const plain = describeFailure(err, '127.0.0.1:7811', { nowMs: NOW, peer: '000.00.24.H44', clock: null });
    assert.match(plain, /^127\.0\.0\.1:7811 presented an expired certificate \(expired by this node's clock, which reads 2026-11-22\): its operator must install a new one from `lienthong pki issue`, unless this node's clock is ahead: compare `date -u` here with a good clock and set it right \(NTP\)$/);
    const skewed = describeFailure(err, '127.0.0.1:7811', { nowMs: NOW, peer: '000.00.24.H44', clock: { offsetMs: -900 * DAY, uncertaintyMs: 4, atMs: NOW - 3_600 * S } });
    assert.match(skewed, /\. Most likely a clock is wrong: when the link was last up, the clock of 000\.00\.24\.H44 is 900\.0 days behind this node's \(at 2026-11-22T02:00:00\.000Z\); fix the clock that is wrong \(NTP\) first$/);
  });
  it('a certificate not valid yet points at this node\'s clock', () => {
    assert.match(describeFailure(unavailable('certificate is not yet valid'), 'x:1', { nowMs: NOW, peer: 'p', clock: null }), /^x:1 presented a certificate that is not valid yet by this node's clock, which reads .*: most likely this node's clock is behind/);
  });
  it('the peer port\'s refusal of an expired client certificate mentions this node\'s clock', () => {
    assert.match(refusalReason('CERT_HAS_EXPIRED'), /has expired by this node's clock: the peer must install a new one .*, unless this node's clock is ahead/);
  });
});
