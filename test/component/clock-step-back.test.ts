/**
 * Queued outbox entries wait for their next attempt by the wall clock. When it steps back while a
 * node runs (NTP at last, a hand correction), the maintenance sweep sees the step and makes them
 * due now, with a warning; without it they waited the size of the step on top, with `check` OK.
 * A real SQLite store; the clock is injected.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { CLOCK_STEP_BACK_MS, Maintenance } from '../../src/node/maintenance.js';
import type { Relay } from '../../src/node/relay.js';
import type { AttachmentStore } from '../../src/store/attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { agency, doc, forward, HOP1, item, T0 } from '../store/store-fixtures.js';

const HOUR = 3_600_000;

describe('a clock stepped back while queued entries wait', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-clock-step-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes them due now at the next sweep and says so; a small step changes nothing', async () => {
    const store = openSqliteStore({ path: path.join(dir, 'store.sqlite') });
    let nowMs = T0 + 3 * HOUR;
    let woken = 0;
    const warnings: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const relay = { nonDeliveryFollowUp: () => () => [], notifyAll: () => void woken++ } as unknown as Relay;
    const files = { whenShort: () => undefined } as unknown as AttachmentStore;
    const m = new Maintenance({ store, relay, now: () => nowMs, retentionMs: 7 * 24 * HOUR, expiryEveryMs: 5_000, files, attachmentRetentionMs: HOUR, log });
    try {
      await store.accept([item(doc({ expiresAtMs: T0 + 100 * HOUR }), [forward(agency(1), HOP1)], { nowMs })]);
      const [entry] = store.outbox({ limit: 10 });
      // Its next attempt, reckoned by a clock 3 h ahead: in a minute.
      await store.reschedule([entry!.id], nowMs + 60_000, 'PEER_BUSY: try later');
      await m.expire();
      nowMs -= CLOCK_STEP_BACK_MS / 2;
      await m.expire();
      assert.equal(store.outbox({ limit: 10 })[0]!.nextAttemptAtMs, T0 + 3 * HOUR + 60_000, 'a step within the tolerance: unchanged');
      assert.equal(warnings.length, 0);

      nowMs = T0; // NTP steps the clock back 3 h
      await m.expire();
      assert.equal(store.outbox({ limit: 10 })[0]!.nextAttemptAtMs, T0, 'due now, not in 3 h');
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.equal(warnings[0]!.code, 'CLOCK_STEPPED_BACK');
      assert.equal(warnings[0]!.due, 1);
      assert.match(String(warnings[0]!.msg), /^the clock stepped back by 10770 s since the last sweep: 1 queued outbox entries made due now/);
      assert.equal(woken, 1, 'the links are woken to send it');
    } finally {
      m.stop?.();
      await store.close();
    }
  });
});
