import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateWarnings, evaluateHealth, healthWarnings, type HealthInput, type HealthThresholds } from '../../src/node/health-check.js';

const NOW = Date.UTC(2026, 0, 15, 3, 0, 0);
const S = 1_000;
const DAY = 86_400_000;
/** The schema defaults: 5 minutes, 1 hour, 30 days. */
const T: HealthThresholds = { linkDownAfterMs: 300 * S, backlogAgeMs: 3_600 * S, certificateWarningMs: 30 * DAY };

type Link = HealthInput['links'][number];

function link(over: Partial<Link> = {}): Link {
  return { peerCode: '000.00.00.H44', role: 'parent', state: 'up', sinceMs: NOW - DAY, oldestMs: 0, outboxDepth: 0, ...over };
}

function state(over: Partial<HealthInput> = {}): HealthInput {
  return { nowMs: NOW, draining: false, links: [link()], certificateNotAfterMs: NOW + 365 * DAY, ...over };
}

describe('evaluateHealth', () => {
  const CASES: { why: string; input: HealthInput; problems: RegExp[] }[] = [
    { why: 'healthy node', input: state(), problems: [] },
    { why: 'no links at all (a root with no children yet)', input: state({ links: [] }), problems: [] },
    { why: 'draining', input: state({ draining: true }), problems: [/^node is shutting down$/] },
    {
      why: 'store refusing every write (WAL sync failed)',
      input: state({ storeFault: 'the store at /var/lib/lienthong/store.db could not sync its write-ahead log to disk (EIO: i/o error)' }),
      problems: [/^store refuses every document until the node restarts: the store at \/var\/lib\/lienthong\/store\.db could not sync its write-ahead log to disk \(EIO/],
    },
    { why: 'no store fault reported (empty string)', input: state({ storeFault: '' }), problems: [] },
    {
      why: 'parent link down longer than the limit',
      input: state({ links: [link({ state: 'down', sinceMs: NOW - 301 * S })] }),
      problems: [/^link to parent 000\.00\.00\.H44 has been down for 301s \(limit 300s\)$/],
    },
    {
      why: 'parent refuses the link (not a configured child): said at once, not after the limit',
      input: state({ links: [link({ state: 'down', sinceMs: NOW - 5 * S, refused: true, lastError: 'PERMISSION_DENIED: node 000.46.24.H44 is not a configured child or lateral peer of 000.00.00.H44: add it to children (or laterals) in the configuration' })] }),
      problems: [/^link to parent 000\.00\.00\.H44 is refused \(retrying does not fix it\): PERMISSION_DENIED: node 000\.46\.24\.H44 is not a configured child/],
    },
    { why: 'a refusal forgotten once the link is up', input: state({ links: [link({ refused: true })] }), problems: [] },
    {
      why: 'this node\'s own certificate revoked: said once, not again for every link it costs',
      input: state({ certificateRevoked: true, links: [link({ state: 'down', sinceMs: NOW - 5 * S, refused: true, lastError: 'this node\'s certificate is revoked: 127.0.0.1:7443 refuses it' })] }),
      problems: [/^node certificate is revoked: peers refuse it/],
    },
    {
      why: 'link still connecting after the limit',
      input: state({ links: [link({ role: 'child', peerCode: '000.46.24.H44', state: 'connecting', sinceMs: NOW - 600 * S })] }),
      problems: [/^link to child 000\.46\.24\.H44 has been connecting for 600s/],
    },
    { why: 'link down exactly at the limit', input: state({ links: [link({ state: 'down', sinceMs: NOW - 300 * S })] }), problems: [] },
    { why: 'link down briefly', input: state({ links: [link({ state: 'down', sinceMs: NOW - 10 * S })] }), problems: [] },
    { why: 'link up for ages', input: state({ links: [link({ state: 'up', sinceMs: NOW - 365 * DAY })] }), problems: [] },
    {
      why: 'old backlog on an up link',
      input: state({ links: [link({ oldestMs: NOW - 7_200 * S, outboxDepth: 42 })] }),
      problems: [/^oldest of 42 outbox entries for 000\.00\.00\.H44 is 7200s old \(limit 3600s\)$/],
    },
    { why: 'backlog exactly at the limit', input: state({ links: [link({ oldestMs: NOW - 3_600 * S, outboxDepth: 1 })] }), problems: [] },
    { why: 'young backlog', input: state({ links: [link({ oldestMs: NOW - 60 * S, outboxDepth: 500 })] }), problems: [] },
    {
      why: 'down link with an old backlog: both reported',
      input: state({ links: [link({ state: 'down', sinceMs: NOW - 2 * 3_600 * S, oldestMs: NOW - 2 * 3_600 * S, outboxDepth: 3 })] }),
      problems: [/has been down for 7200s/, /oldest of 3 outbox entries .* is 7200s old/],
    },
    {
      why: 'only the bad link among several',
      input: state({
        links: [
          link(),
          link({ role: 'child', peerCode: '000.00.24.H44', state: 'down', sinceMs: NOW - 900 * S }),
          link({ role: 'lateral', peerCode: '000.00.00.H29', state: 'up' }),
        ],
      }),
      problems: [/^link to child 000\.00\.24\.H44 has been down for 900s/],
    },
    {
      why: 'entries for a next hop no longer configured (status shows it as role "unconfigured"): reported at once, whatever their age',
      input: state({ links: [link(), link({ role: 'unconfigured', state: 'none', peerCode: '000.47.24.H44', sinceMs: 0, oldestMs: NOW - 60 * S, outboxDepth: 3 })] }),
      problems: [/^3 outbox entries wait for next hop 000\.47\.24\.H44 \(the oldest from 2026-01-15T02:59:00\.000Z\), which is no longer a child, parent or lateral peer in this node's configuration: .*`lienthong outbox delete --next-hop 000\.47\.24\.H44`/],
    },
    {
      why: 'an unconfigured next hop with old entries: one problem, not also link down or old backlog',
      input: state({ links: [link({ role: 'unconfigured', state: 'none', peerCode: '000.47.24.H44', sinceMs: 0, oldestMs: NOW - DAY, outboxDepth: 1 })] }),
      problems: [/^1 outbox entry waits for next hop 000\.47\.24\.H44/],
    },
    {
      why: 'certificate expiring within the warning',
      input: state({ certificateNotAfterMs: NOW + 10 * DAY }),
      problems: [/^node certificate expires in 10 day\(s\): issue a new one with `lienthong pki issue`$/],
    },
    { why: 'certificate expiring in part of a day rounds up', input: state({ certificateNotAfterMs: NOW + 3_600 * S }), problems: [/expires in 1 day\(s\)/] },
    { why: 'certificate just outside the warning', input: state({ certificateNotAfterMs: NOW + 30 * DAY }), problems: [] },
    {
      why: 'certificate expired',
      input: state({ certificateNotAfterMs: NOW - DAY }),
      problems: [/^node certificate has expired: issue a new one with `lienthong pki issue`$/],
    },
    { why: 'certificate expiring this very moment', input: state({ certificateNotAfterMs: NOW }), problems: [/has expired/] },
    {
      why: 'everything wrong at once, in a stable order',
      input: state({
        draining: true,
        links: [link({ state: 'down', sinceMs: NOW - DAY, oldestMs: NOW - DAY, outboxDepth: 7 })],
        certificateNotAfterMs: NOW - 1,
      }),
      problems: [/shutting down/, /has been down for 86400s/, /oldest of 7 outbox entries/, /has expired/],
    },
  ];

  for (const c of CASES) {
    it(c.why, () => {
      const got = evaluateHealth(c.input, T);
      assert.equal(got.length, c.problems.length, `problems: ${JSON.stringify(got)}`);
      c.problems.forEach((p, i) => assert.match(got[i]!, p));
    });
  }

  it('uses the thresholds it is given', () => {
    const input = state({ links: [link({ state: 'down', sinceMs: NOW - 61 * S, oldestMs: NOW - 61 * S, outboxDepth: 1 })], certificateNotAfterMs: NOW + 40 * DAY });
    assert.deepEqual(evaluateHealth(input, T), []);
    const strict: HealthThresholds = { linkDownAfterMs: 60 * S, backlogAgeMs: 60 * S, certificateWarningMs: 60 * DAY };
    const got = evaluateHealth(input, strict);
    assert.equal(got.length, 3, JSON.stringify(got));
    assert.match(got[0]!, /limit 60s/);
    assert.match(got[1]!, /limit 60s/);
    assert.match(got[2]!, /expires in 40 day\(s\)/);
  });
});

describe('certificate and revocation warnings', () => {
  it('warns of this node\'s, the CA\'s and peers\' certificates that are revoked, expired or expire within the window', () => {
    const got = certificateWarnings(
      [
        { what: 'this node\'s certificate', notAfterMs: NOW + 400 * DAY, action: 'renew' },
        { what: 'the network CA certificate', notAfterMs: NOW + 29 * DAY + 1, action: 'plan' },
        { what: 'child 000.46.24.H44\'s certificate', notAfterMs: NOW - DAY, action: 'ask' },
        { what: 'parent 000.00.00.H44\'s certificate', notAfterMs: NOW + 400 * DAY, revoked: true, action: 'refused' },
        { what: 'lateral 000.00.00.H41\'s certificate', notAfterMs: NOW + 30 * DAY, action: 'ask' },
        { what: 'unknown', notAfterMs: 0, action: 'x' },
      ],
      NOW,
      30 * DAY,
    );
    assert.deepEqual(got, [
      'the network CA certificate expires on 2026-02-13 (in 30 day(s)): plan',
      'child 000.46.24.H44\'s certificate expired on 2026-01-14: ask',
      'parent 000.00.00.H44\'s certificate is revoked: refused',
    ]);
  });

  it('check: a revoked node certificate, the CA about to expire and a stale revocation list are problems', () => {
    const problems = evaluateHealth(
      state({ certificateRevoked: true, caNotAfterMs: NOW + 10 * DAY, revocations: { version: 4, stale: true, nextUpdateMs: NOW - DAY } }),
      T,
    );
    assert.equal(problems.length, 3, JSON.stringify(problems));
    assert.match(problems[0]!, /^node certificate is revoked: peers refuse it/);
    assert.match(problems[1]!, /^the network CA certificate expires on 2026-01-25 \(in 10 day\(s\)\)/);
    assert.match(problems[2]!, /^revocation list version 4 is stale since 2026-01-14 \(still enforced\): publish a new one/);
    assert.deepEqual(evaluateHealth(state({ caNotAfterMs: NOW + 400 * DAY, revocations: { version: 4, stale: false, nextUpdateMs: NOW + DAY } }), T), []);
    assert.deepEqual(evaluateHealth(state({ revocations: { version: 0, stale: false, nextUpdateMs: 0 } }), T), [], 'no list at all is fine');
  });
});

describe('healthWarnings', () => {
  it('names each detached agency with unread inbox items, the count, the oldest and what to do; evaluateHealth stays quiet about them', () => {
    const input = state({
      detachedInboxes: [
        { agency: '000.01.24.H44', items: 2, oldestMs: NOW - DAY },
        { agency: '000.02.24.H44', items: 1, oldestMs: 0 },
        { agency: '000.03.24.H44', items: 0, oldestMs: 0 },
      ],
    });
    const got = healthWarnings(input);
    assert.equal(got.length, 2, JSON.stringify(got));
    assert.match(got[0]!, /^2 unacknowledged inbox items for agency 000\.01\.24\.H44, which is no longer attached here \(the oldest delivered 2026-01-14T03:00:00\.000Z\): .*attach 000\.01\.24\.H44 here again \(agencies\[\]\) and restart/);
    assert.match(got[1]!, /^1 unacknowledged inbox item for agency 000\.02\.24\.H44, which is no longer attached here: /);
    assert.deepEqual(evaluateHealth(input, T), [], 'unread items are safe: no CRITICAL problem');
    assert.deepEqual(healthWarnings(state()), []);
  });
});
