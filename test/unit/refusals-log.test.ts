/**
 * A transient refusal (a full store, a node shutting down) comes back with every retry of every
 * peer: it is logged at most once a minute per peer and code, the next line saying how many were
 * held back; a permanent one is logged each time. Every refusal is still counted and handed to the
 * audit log as before. Pure: an injected clock, a recording store and a captured log.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { REFUSED_LOG_EVERY_MS, Refusals, type Refusal } from '../../src/node/refusals.js';
import type { RefusalRecord } from '../../src/store/store.js';

const P1 = '000.46.24.H44';
const P2 = '000.47.24.H44';

interface Line {
  level: number;
  msg: string;
  peer: string;
  code: string;
  heldBack?: number;
}

function setUp() {
  let nowMs = Date.UTC(2026, 10, 22, 3, 0, 0);
  const lines: Line[] = [];
  const counted: number[] = [];
  const metric: [string, string][] = [];
  const audited: RefusalRecord[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)) as Line)) }));
  const store = { count: (_name: 'refused', n: number) => void counted.push(n), recordRefusal: (r: RefusalRecord) => void audited.push(r) };
  const refusals = new Refusals(store, (peer, _edge, code) => void metric.push([peer, code]), log, () => nowMs);
  const refuse = (peer: string, code: string, n = 1) => {
    for (let i = 0; i < n; i++) refusals.refused({ peer, edge: 'link', messageId: `m${i}`, sender: peer, code, reason: `${code} at this node` } satisfies Refusal);
  };
  const warns = () => lines.filter((l) => l.level === 40);
  return { lines, warns, counted, metric, audited, refuse, advance: (ms: number) => void (nowMs += ms) };
}

describe('refusals in the log', () => {
  it('a transient refusal: one warn line per peer and code a minute, the next one saying how many were held back', () => {
    const t = setUp();
    t.refuse(P1, 'STORE_FULL', 5);
    assert.deepEqual(t.warns().map((l) => [l.peer, l.code, l.heldBack]), [[P1, 'STORE_FULL', 0]]);
    assert.equal(t.lines.filter((l) => l.level === 20 && l.msg === 'document refused').length, 4, 'the others at debug');

    // Another peer, or the same peer with another code, gets its own line.
    t.refuse(P2, 'STORE_FULL', 2);
    t.refuse(P1, 'SHUTTING_DOWN', 2);
    t.refuse(P1, 'PEER_BUSY', 1);
    assert.deepEqual(t.warns().map((l) => [l.peer, l.code, l.heldBack]), [[P1, 'STORE_FULL', 0], [P2, 'STORE_FULL', 0], [P1, 'SHUTTING_DOWN', 0], [P1, 'PEER_BUSY', 0]]);

    t.advance(REFUSED_LOG_EVERY_MS - 1);
    t.refuse(P1, 'STORE_FULL', 1);
    assert.equal(t.warns().length, 4, 'still within the minute');
    t.advance(1);
    t.refuse(P1, 'STORE_FULL', 3);
    const last = t.warns().at(-1)!;
    assert.deepEqual([t.warns().length, last.peer, last.code, last.heldBack], [5, P1, 'STORE_FULL', 5], 'a minute on: one line, 5 held back since the last');
    assert.equal(REFUSED_LOG_EVERY_MS, 60_000);
  });

  it('a permanent refusal (or one of a code this node does not know): a warn line each time', () => {
    const t = setUp();
    t.refuse(P1, 'SENDER_NOT_ALLOWED', 3);
    t.refuse(P1, 'SOME_NEWER_CODE', 2);
    assert.deepEqual(t.warns().map((l) => l.code), ['SENDER_NOT_ALLOWED', 'SENDER_NOT_ALLOWED', 'SENDER_NOT_ALLOWED', 'SOME_NEWER_CODE', 'SOME_NEWER_CODE']);
    assert.ok(t.warns().every((l) => l.heldBack === undefined));
  });

  it('every refusal is still counted (store and metric) and handed to the audit log, logged or not', () => {
    const t = setUp();
    t.refuse(P1, 'STORE_FULL', 4);
    t.refuse(P2, 'INVALID_DOCUMENT', 2);
    assert.deepEqual(t.counted, [1, 1, 1, 1, 1, 1]);
    assert.deepEqual(t.metric, [...Array<[string, string]>(4).fill([P1, 'STORE_FULL']), [P2, 'INVALID_DOCUMENT'], [P2, 'INVALID_DOCUMENT']]);
    assert.deepEqual(t.audited.map((r) => [r.peer, r.code, r.messageId]), [
      [P1, 'STORE_FULL', 'm0'], [P1, 'STORE_FULL', 'm1'], [P1, 'STORE_FULL', 'm2'], [P1, 'STORE_FULL', 'm3'],
      [P2, 'INVALID_DOCUMENT', 'm0'], [P2, 'INVALID_DOCUMENT', 'm1'],
    ]);
  });
});
