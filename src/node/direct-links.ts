/**
 * Sending at once: a copy whose next hop's link is up, has room in its window and has nothing due
 * waiting in the queue is committed already in flight and handed to the link from memory, instead
 * of being queued, then leased and read back in a transaction of its own. The relay claims places
 * before a commit, then hands each copy leased to its place, or gives the place back.
 */
import type { Transfer } from '../domain/types.js';
import type { AcceptItem } from '../store/store.js';

/** A place in a link's window, claimed before a commit for a copy sent as soon as it commits. */
export interface DirectSlot {
  /** The copy committed in flight: send it (or, if the link closed meanwhile, queue it again). */
  send(t: Transfer): void;
  /** The copy was not leased after all (a duplicate, a failed commit): give the place back. */
  cancel(): void;
}

/** The links' side of sending at once. */
export interface DirectLinks {
  /** A slot on the link to `hop` for a copy of `bytes`, or null when it must be queued. */
  claim(hop: string, bytes: number): DirectSlot | null;
}

/**
 * Claims a place on the links that can take each copy at once (files go through the queue), by
 * next hop, one map per item; marks each item with the hops it is sent to now (`sendNow`).
 */
export function claimSlots(direct: DirectLinks | null, items: AcceptItem[]): (Map<string, DirectSlot> | undefined)[] {
  if (direct === null) return [];
  return items.map((item) => {
    if (item.message.attachments.length > 0) return undefined;
    let byHop: Map<string, DirectSlot> | undefined;
    for (const d of item.routes) {
      if (d.kind !== 'forward' || byHop?.has(d.nextHop)) continue;
      const slot = direct.claim(d.nextHop, item.message.body.length);
      if (slot === null) continue;
      (byHop ??= new Map()).set(d.nextHop, slot);
    }
    if (byHop !== undefined) item.sendNow = new Set(byHop.keys());
    return byHop;
  });
}

/** Gives back the places claimed and not used (each once: they leave the map). */
export function giveBack(byHop: Map<string, DirectSlot> | undefined): void {
  for (const slot of byHop?.values() ?? []) slot.cancel();
  byHop?.clear();
}
