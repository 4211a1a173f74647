import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, LINK_RECONNECT, OUTBOX_RETRY, type BackoffPolicy } from '../../src/domain/retry-schedule.js';

const NO_JITTER: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0 };
const one = () => 1;
const zero = () => 0;

describe('retry schedule: growth and cap', () => {
  const CASES: { attempt: number; policy: BackoffPolicy; ms: number; why: string }[] = [
    { attempt: 1, policy: NO_JITTER, ms: 1_000, why: 'first failure waits the base' },
    { attempt: 2, policy: NO_JITTER, ms: 2_000, why: 'doubles' },
    { attempt: 3, policy: NO_JITTER, ms: 4_000, why: 'doubles again' },
    { attempt: 6, policy: NO_JITTER, ms: 32_000, why: 'base·2^5' },
    { attempt: 7, policy: NO_JITTER, ms: 60_000, why: '64 s capped at maxMs' },
    { attempt: 50, policy: NO_JITTER, ms: 60_000, why: 'stays at the cap' },
    { attempt: 10_000, policy: NO_JITTER, ms: 60_000, why: 'huge attempt (factor^n overflows to Infinity) is still capped' },
    { attempt: 3, policy: { baseMs: 500, maxMs: 1e9, factor: 3, jitter: 0 }, ms: 4_500, why: 'factor 3: 500·3²' },
    { attempt: 4, policy: { baseMs: 100, maxMs: 1e9, factor: 1.5, jitter: 0 }, ms: 338, why: 'fractional factor, rounded: 100·1.5³ = 337.5' },
    { attempt: 5, policy: { baseMs: 2_000, maxMs: 1e9, factor: 1, jitter: 0 }, ms: 2_000, why: 'factor 1: constant' },
    { attempt: 1, policy: { baseMs: 90_000, maxMs: 60_000, factor: 2, jitter: 0 }, ms: 60_000, why: 'base above the cap is capped' },
  ];
  for (const c of CASES) {
    it(`attempt ${c.attempt} → ${c.ms} ms (${c.why})`, () => {
      assert.equal(backoffDelayMs(c.attempt, c.policy, one), c.ms);
      assert.equal(backoffDelayMs(c.attempt, c.policy, zero), c.ms, 'no jitter: random has no effect');
    });
  }

  it('never decreases from one attempt to the next', () => {
    for (const policy of [OUTBOX_RETRY, LINK_RECONNECT, NO_JITTER]) {
      let previous = 0;
      for (let attempt = 1; attempt <= 40; attempt++) {
        const d = backoffDelayMs(attempt, policy, one);
        assert.ok(d >= previous, `attempt ${attempt}: ${d} < ${previous}`);
        assert.ok(d <= policy.maxMs);
        previous = d;
      }
    }
  });
});

describe('retry schedule: jitter', () => {
  const CASES: { attempt: number; policy: BackoffPolicy; random: number; ms: number; why: string }[] = [
    { attempt: 1, policy: OUTBOX_RETRY, random: 1, ms: 1_000, why: 'random 1 gives the full delay' },
    { attempt: 1, policy: OUTBOX_RETRY, random: 0, ms: 700, why: 'random 0 gives delay·(1−0.3)' },
    { attempt: 1, policy: OUTBOX_RETRY, random: 0.5, ms: 850, why: 'halfway' },
    { attempt: 4, policy: OUTBOX_RETRY, random: 0, ms: 5_600, why: '8 s·0.7' },
    { attempt: 30, policy: OUTBOX_RETRY, random: 1, ms: 300_000, why: 'cap, random 1' },
    { attempt: 30, policy: OUTBOX_RETRY, random: 0, ms: 210_000, why: 'jitter applies below the cap too' },
    { attempt: 1, policy: LINK_RECONNECT, random: 0, ms: 125, why: 'reconnect: 250 ms·(1−0.5)' },
    { attempt: 1, policy: LINK_RECONNECT, random: 1, ms: 250, why: 'reconnect: 250 ms' },
    { attempt: 20, policy: LINK_RECONNECT, random: 0, ms: 15_000, why: 'reconnect cap 30 s, halved' },
    { attempt: 3, policy: { baseMs: 1_000, maxMs: 1e9, factor: 2, jitter: 1 }, random: 0, ms: 0, why: 'full jitter can reach zero' },
  ];
  for (const c of CASES) {
    it(`attempt ${c.attempt}, random ${c.random} → ${c.ms} ms (${c.why})`, () => {
      assert.equal(backoffDelayMs(c.attempt, c.policy, () => c.random), c.ms);
    });
  }

  it('stays within [d·(1−jitter), d] for any random value', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const high = backoffDelayMs(attempt, OUTBOX_RETRY, one);
      const low = backoffDelayMs(attempt, OUTBOX_RETRY, zero);
      assert.equal(low, Math.round(high * (1 - OUTBOX_RETRY.jitter)));
      for (const r of [0.001, 0.25, 0.5, 0.75, 0.999]) {
        const d = backoffDelayMs(attempt, OUTBOX_RETRY, () => r);
        assert.ok(d >= low && d <= high, `attempt ${attempt}, random ${r}: ${d} outside [${low}, ${high}]`);
      }
    }
  });

  it('calls the injected random source', () => {
    let calls = 0;
    backoffDelayMs(2, OUTBOX_RETRY, () => {
      calls++;
      return 0.5;
    });
    assert.equal(calls, 1);
  });
});

describe('retry schedule: attempt below 1', () => {
  for (const attempt of [0, -1, -100, 0.5]) {
    it(`attempt ${attempt} is treated as attempt 1`, () => {
      assert.equal(backoffDelayMs(attempt, NO_JITTER, one), backoffDelayMs(1, NO_JITTER, one));
      assert.equal(backoffDelayMs(attempt, OUTBOX_RETRY, zero), 700);
    });
  }

  it('a fractional attempt counts the completed failures only', () => {
    assert.equal(backoffDelayMs(2.9, NO_JITTER, one), 2_000);
  });
});

describe('retry schedule: default policies', () => {
  it('are frozen so no caller can change them for everyone', () => {
    assert.ok(Object.isFrozen(OUTBOX_RETRY));
    assert.ok(Object.isFrozen(LINK_RECONNECT));
  });
});
