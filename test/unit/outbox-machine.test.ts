import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LienthongError } from '../../src/domain/errors.js';
import {
  allowedFrom,
  canApply,
  type EntryFate,
  nextState,
  OUTBOX_EVENTS,
  type OutboxEvent,
} from '../../src/domain/outbox-machine.js';
import type { OutboxState } from '../../src/domain/types.js';

const STATES: OutboxState[] = ['queued', 'inflight', 'held', 'failed', 'expired'];

/** The whole machine: for each event, the state it leads to from each stored state, or '-' if refused. */
const TABLE: Record<OutboxEvent, Record<OutboxState, EntryFate | '-'>> = {
  //                 queued       inflight     held         failed     expired
  lease: { queued: 'inflight', inflight: '-', held: '-', failed: '-', expired: '-' },
  ack: { queued: 'delivered', inflight: 'delivered', held: 'delivered', failed: '-', expired: '-' },
  transientFailure: { queued: 'queued', inflight: 'queued', held: '-', failed: '-', expired: '-' },
  permanentFailure: { queued: 'failed', inflight: 'failed', held: '-', failed: '-', expired: '-' },
  expire: { queued: 'expired', inflight: '-', held: 'expired', failed: '-', expired: '-' },
  hold: { queued: 'held', inflight: '-', held: '-', failed: '-', expired: '-' },
  release: { queued: '-', inflight: '-', held: 'queued', failed: '-', expired: '-' },
  requeue: { queued: '-', inflight: '-', held: 'queued', failed: 'queued', expired: 'queued' },
  flush: { queued: 'queued', inflight: '-', held: '-', failed: '-', expired: '-' },
  remove: { queued: 'removed', inflight: '-', held: 'removed', failed: 'removed', expired: 'removed' },
  reroute: { queued: 'queued', inflight: '-', held: 'queued', failed: 'queued', expired: 'queued' },
  recover: { queued: '-', inflight: 'queued', held: '-', failed: '-', expired: '-' },
};

describe('outbox machine', () => {
  it('covers every event', () => {
    assert.deepEqual([...OUTBOX_EVENTS].sort(), Object.keys(TABLE).sort());
  });

  for (const event of OUTBOX_EVENTS) {
    for (const state of STATES) {
      const expected = TABLE[event][state];
      if (expected === '-') {
        it(`refuses ${event} from ${state}`, () => {
          assert.equal(canApply(state, event), false);
          assert.equal(allowedFrom(event).includes(state), false);
          assert.throws(
            () => nextState(state, event),
            (err: unknown) =>
              err instanceof LienthongError &&
              err.code === 'INVALID_ARGUMENT' &&
              err.message.includes(state) &&
              err.message.includes('allowed from'),
          );
        });
      } else {
        it(`${event}: ${state} -> ${expected}`, () => {
          assert.equal(canApply(state, event), true);
          assert.equal(nextState(state, event), expected);
        });
      }
    }
  }

  it('refuses every event once an entry is gone', () => {
    for (const gone of ['delivered', 'removed'] as const) {
      for (const event of OUTBOX_EVENTS) {
        assert.equal(canApply(gone, event), false);
        assert.throws(() => nextState(gone, event), /no longer in the outbox/);
      }
    }
  });

  it('tells the operator why an inflight entry cannot be held', () => {
    assert.throws(() => nextState('inflight', 'hold'), {
      code: 'INVALID_ARGUMENT',
      message: /cannot hold an outbox entry that is inflight.*wait for an inflight attempt to finish/,
    });
  });
});
