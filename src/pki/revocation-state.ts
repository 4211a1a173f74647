/**
 * The revocation list a node enforces. It takes lists offered by a peer or by the operator, keeps
 * one only when the network CA signed it and its version is higher, persists it (through the
 * injected `persist`) before it counts, and answers `isRevoked(serial)` for links, agencies and
 * document signatures. An 'applied' event tells the node to drop what the new list revokes and to
 * pass the list on. Lists that fail verification are counted and the last reason kept.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../domain/types.js';
import { asLienthongError } from '../domain/errors.js';
import { isNewer, normalizeSerial, summarize, type RevocationEntry, type RevocationList, type RevocationSummary, type SignedRevocationList } from './revocation-list.js';
import { verifyRevocationList } from './revocation-signature.js';

/** What a node exposes to the rest of the code (RunningNode.revocations). */
export interface RevocationView {
  /** Whether the certificate with this serial (uppercase hex, as CertIdentity.serial) is revoked. */
  isRevoked(serial: string): boolean;
  current(): RevocationSummary | null;
}

export type OfferOutcome = 'applied' | 'older' | 'same';

export interface RevocationStateOptions {
  caCertPem: string | Buffer;
  now: Clock;
  /** Makes the list durable before it is enforced (throws on failure: the list is then not applied). */
  persist: (signed: SignedRevocationList) => void;
}

export interface AppliedEvent {
  list: RevocationList;
  signed: SignedRevocationList;
  /** The peer it came from, or 'operator' / 'disk'. */
  from: string;
}

export class RevocationState extends EventEmitter implements RevocationView {
  private list: RevocationList | null = null;
  private signedList: SignedRevocationList | null = null;
  private bySerial = new Map<string, RevocationEntry>();
  /** Lists refused because they failed verification. */
  refused = 0;
  lastRefusal = '';

  constructor(private readonly o: RevocationStateOptions) {
    super();
  }

  /** Restores the persisted list at start; a bad file is refused like any other list. */
  restore(signed: SignedRevocationList): RevocationList {
    const list = this.verify(signed, 'disk');
    this.install(list, signed);
    return list;
  }

  /**
   * A list from a peer or the operator: applied when valid and newer; an older or equal version is
   * ignored. Throws REVOCATION_LIST_INVALID (counted) when it does not verify.
   */
  offer(signed: SignedRevocationList, from: string): { outcome: OfferOutcome; list: RevocationList } {
    const list = this.verify(signed, from);
    if (!isNewer(list, this.list)) return { outcome: list.version === this.list?.version ? 'same' : 'older', list };
    this.o.persist(signed);
    this.install(list, signed);
    this.emit('applied', { list, signed, from } satisfies AppliedEvent);
    return { outcome: 'applied', list };
  }

  private verify(signed: SignedRevocationList, from: string): RevocationList {
    try {
      return verifyRevocationList(signed, this.o.caCertPem);
    } catch (err) {
      const e = asLienthongError(err);
      this.refused++;
      this.lastRefusal = `from ${from}: ${e.message}`;
      throw e;
    }
  }

  private install(list: RevocationList, signed: SignedRevocationList): void {
    this.list = list;
    this.signedList = signed;
    this.bySerial = new Map(list.entries.map((e) => [e.serial, e]));
  }

  isRevoked(serial: string): boolean {
    return this.entryFor(serial) !== undefined;
  }

  /** The entry revoking `serial`, for messages that say when and why. */
  entryFor(serial: string): RevocationEntry | undefined {
    if (this.bySerial.size === 0) return undefined;
    try {
      return this.bySerial.get(normalizeSerial(serial));
    } catch {
      return undefined;
    }
  }

  current(): RevocationSummary | null {
    return this.list ? summarize(this.list, this.o.now()) : null;
  }

  /** The list as received, to pass on to peers. */
  signed(): SignedRevocationList | null {
    return this.signedList;
  }

  get version(): number {
    return this.list?.version ?? 0;
  }

  get listValue(): RevocationList | null {
    return this.list;
  }
}

/** "node certificate for 000.46.24.H44 (serial 4A…) was revoked by the network CA on 2026-01-15 (key stolen)". */
export function describeRevoked(what: string, serial: string, entry: RevocationEntry | undefined): string {
  const when = entry ? ` on ${new Date(entry.revokedAtMs).toISOString().slice(0, 10)}` : '';
  const why = entry?.reason ? ` (${entry.reason})` : '';
  return `${what} (serial ${serial}) was revoked by the network CA${when}${why}`;
}

/** A check for TLS code: why the certificate is revoked, or null. */
export function revocationCheck(state: RevocationState): (id: { serial: string; role: string; code: string }) => string | null {
  return (id) => {
    const entry = state.entryFor(id.serial);
    return entry ? describeRevoked(`${id.role} certificate for ${id.code}`, id.serial, entry) : null;
  };
}
