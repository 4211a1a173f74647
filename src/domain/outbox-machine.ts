/**
 * The outbox entry state machine: which event may move an entry from which state, and where to.
 * Pure: no I/O, no clock. The store builds its SQL filters from `TRANSITIONS`, so what the database
 * lets each verb touch and what this machine allows cannot drift apart.
 *
 *   (accept) ──▶ queued, or straight to inflight when its link takes it at once (leased at birth)
 *   queued ──lease──▶ inflight ──ack──▶ delivered (row removed)
 *     ▲  │                │ transientFailure / recover ──▶ queued
 *     │  hold ▶ held      │ permanentFailure ──▶ failed
 *     │  release ◀┘       ▼
 *   requeue ◀── failed / expired (expire: queued or held past their expiry)
 *   remove: queued, held, failed or expired ──▶ removed (row removed, by the operator)
 *   reroute: queued, held, failed or expired ──▶ queued, its recipients routed again by the current
 *     table (those now behind another next hop or attached here leave it; see reroute.ts)
 */
import { LienthongError } from './errors.js';
import type { OutboxState } from './types.js';

export type OutboxEvent =
  | 'lease'
  | 'ack'
  | 'transientFailure'
  | 'permanentFailure'
  | 'expire'
  | 'hold'
  | 'release'
  | 'requeue'
  | 'flush'
  | 'remove'
  | 'reroute'
  | 'recover';

/** Terminal pseudo-states: the entry's row is gone from the outbox. */
export type GoneState = 'delivered' | 'removed';

/** A stored state, or gone. */
export type EntryFate = OutboxState | GoneState;

export interface Transition {
  readonly from: readonly OutboxState[];
  readonly to: EntryFate;
  /** The verb an operator reads in an error message. */
  readonly verb: string;
  /** What to do instead, when the transition is refused. */
  readonly hint: string;
}

export const TRANSITIONS: Readonly<Record<OutboxEvent, Transition>> = {
  lease: { from: ['queued'], to: 'inflight', verb: 'lease', hint: 'only queued entries are sent' },
  // A late acknowledgement may arrive after the entry was put back in the queue: the next hop has
  // the message, so the entry is done either way.
  ack: {
    from: ['inflight', 'queued', 'held'],
    to: 'delivered',
    verb: 'mark delivered',
    hint: 'a failed or expired entry already produced its non-delivery report; requeue it first',
  },
  transientFailure: {
    from: ['inflight', 'queued'],
    to: 'queued',
    verb: 'reschedule',
    hint: 'only entries being sent (or waiting) can be retried later',
  },
  permanentFailure: {
    from: ['inflight', 'queued'],
    to: 'failed',
    verb: 'fail',
    hint: 'only entries being sent (or waiting) can fail',
  },
  expire: {
    from: ['queued', 'held'],
    to: 'expired',
    verb: 'expire',
    hint: 'inflight entries expire once their attempt ends',
  },
  hold: {
    from: ['queued'],
    to: 'held',
    verb: 'hold',
    hint: 'only queued entries can be held; wait for an inflight attempt to finish, or requeue a failed or expired entry first',
  },
  release: { from: ['held'], to: 'queued', verb: 'release', hint: 'only held entries can be released' },
  // A queued entry keeps the expiry its sender gave it: `flush` makes it due now.
  requeue: {
    from: ['failed', 'expired', 'held'],
    to: 'queued',
    verb: 'requeue',
    hint: 'only failed, expired or held entries are requeued (with a fresh expiry); a queued one is made due now by flush, and keeps its expiry',
  },
  flush: {
    from: ['queued'],
    to: 'queued',
    verb: 'flush',
    hint: 'only queued entries can be made due now; release or requeue it first',
  },
  remove: {
    from: ['queued', 'held', 'failed', 'expired'],
    to: 'removed',
    verb: 'remove',
    hint: 'an inflight entry is being sent; hold it once its attempt ends, then remove it',
  },
  reroute: {
    from: ['queued', 'held', 'failed', 'expired'],
    to: 'queued',
    verb: 'reroute',
    hint: 'an inflight entry is being sent; reroute it once its attempt ends',
  },
  recover: {
    from: ['inflight'],
    to: 'queued',
    verb: 'recover',
    hint: 'only entries left inflight by a stopped node are recovered',
  },
};

/**
 * The state and attempt count of a new entry: queued, or already leased when the link to its next
 * hop takes the copy as soon as it commits (the lease then costs no transaction of its own).
 */
export function bornState(leasedAtOnce: boolean): { state: OutboxState; attempts: number } {
  return leasedAtOnce ? { state: TRANSITIONS.lease.to as OutboxState, attempts: 1 } : { state: TRANSITIONS.lease.from[0]!, attempts: 0 };
}

export const OUTBOX_EVENTS = Object.keys(TRANSITIONS) as readonly OutboxEvent[];

export function isGone(state: EntryFate): state is GoneState {
  return state === 'delivered' || state === 'removed';
}

/** The states an entry must be in for `event` to apply. */
export function allowedFrom(event: OutboxEvent): readonly OutboxState[] {
  return TRANSITIONS[event].from;
}

export function canApply(state: EntryFate, event: OutboxEvent): boolean {
  return !isGone(state) && TRANSITIONS[event].from.includes(state);
}

/** The state after `event`, or INVALID_ARGUMENT saying why the entry cannot take it. */
export function nextState(state: EntryFate, event: OutboxEvent): EntryFate {
  const t = TRANSITIONS[event];
  if (isGone(state)) {
    throw new LienthongError(
      'INVALID_ARGUMENT',
      `cannot ${t.verb} an outbox entry that was ${state}: it is no longer in the outbox`,
    );
  }
  if (!t.from.includes(state)) {
    throw new LienthongError(
      'INVALID_ARGUMENT',
      `cannot ${t.verb} an outbox entry that is ${state} (allowed from ${t.from.join(', ')}): ${t.hint}`,
    );
  }
  return t.to;
}
