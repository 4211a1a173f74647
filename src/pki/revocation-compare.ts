/**
 * Whether the revocation list a node enforces carries what the operator offered it. A node keeps
 * the list with the highest version and ignores the others, so a copy of the CA directory that fell
 * behind (a restored backup, a second admin's copy) signs lists the node ignores, and two copies can
 * each sign their own version N. Pure: the CLI fetches what the node enforces and asks here.
 */
import { encodeRevocationList, type RevocationEntry, type RevocationList } from './revocation-list.js';

/** What is known of the list a node enforces: its summary (admin Status) and, when readable, the list itself. */
export interface EnforcedList {
  /** 0: the node holds no list. */
  version: number;
  issuedAtMs: number;
  nextUpdateMs: number;
  entries: number;
  /** The list itself (as persisted in the node's data directory), or null when not known. */
  list: RevocationList | null;
}

export type Agreement =
  /** The node enforces this very list (or neither side has one). */
  | { kind: 'same' }
  /** The offered list is newer and keeps every revocation the node enforces (as far as known): it will be applied. */
  | { kind: 'newer' }
  /**
   * The offered list is newer but lacks certificates the node's list revokes: applying it would lift
   * their revocation. `lifted` null: the node's list is not known, but it revokes more certificates
   * than the offered one (entries are never dropped from a list, so some would be lifted).
   */
  | { kind: 'lifts'; lifted: RevocationEntry[] | null }
  /** The node enforces a newer version that revokes every certificate asked for. */
  | { kind: 'covered' }
  /** The node enforces a newer version; `missing`: the certificates asked for that it does not revoke, null when unknown. */
  | { kind: 'behind'; missing: RevocationEntry[] | null }
  /** The node enforces another list with the same version (two copies of the CA directory each signed one). */
  | { kind: 'conflict'; missing: RevocationEntry[] | null };

/** Same list: byte for byte when the node's list is known, else by its summary (issue time to the millisecond). */
export function isSameList(offered: RevocationList, enforced: EnforcedList): boolean {
  if (enforced.list) return encodeRevocationList(offered).equals(encodeRevocationList(enforced.list));
  return (
    offered.version === enforced.version &&
    offered.issuedAtMs === enforced.issuedAtMs &&
    offered.nextUpdateMs === enforced.nextUpdateMs &&
    offered.entries.length === enforced.entries
  );
}

function notIn(wanted: RevocationEntry[], list: RevocationList): RevocationEntry[] {
  const have = new Set(list.entries.map((e) => e.serial));
  return wanted.filter((w) => !have.has(w.serial));
}

/**
 * Compares `offered` (null: no list) with what the node enforces. `wanted`: the certificates that
 * must end up revoked (the one just revoked, or every entry of a published list).
 */
export function compareWithEnforced(offered: RevocationList | null, enforced: EnforcedList, wanted: RevocationEntry[]): Agreement {
  const version = offered?.version ?? 0;
  if (version > enforced.version) {
    if (!enforced.list) return offered!.entries.length < enforced.entries ? { kind: 'lifts', lifted: null } : { kind: 'newer' };
    const lifted = notIn(enforced.list.entries, offered!);
    return lifted.length ? { kind: 'lifts', lifted } : { kind: 'newer' };
  }
  if (version === enforced.version && (version === 0 || isSameList(offered!, enforced))) return { kind: 'same' };
  const missing = enforced.list ? notIn(wanted, enforced.list) : null;
  if (version === enforced.version) return { kind: 'conflict', missing };
  return missing?.length === 0 ? { kind: 'covered' } : { kind: 'behind', missing };
}
