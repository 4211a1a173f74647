/**
 * How a node takes in, passes on and enforces the network CA's revocation list. A list comes from
 * the operator (admin socket) or from a peer over a link; when the node's RevocationState applies
 * it (newer and signed by the CA, persisted first), it goes to every other peer, children first,
 * and links whose peer certificate is now revoked are closed (a dialed link also drops its TLS
 * connection so the next handshake refuses the certificate). Every link that comes up gets the
 * node's current list. Past the list's nextUpdate the node warns periodically and keeps going.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/types.js';
import { asLienthongError } from '../domain/errors.js';
import type { LinkDialer } from '../link/link-dialer.js';
import type { LinkRegistry } from '../link/link-registry.js';
import type { LinkSession } from '../link/link-session.js';
import type { CertIdentity } from '../pki/identity.js';
import { staleWarning, type SignedRevocationList } from '../pki/revocation-list.js';
import { describeRevoked, type OfferOutcome, type RevocationState } from '../pki/revocation-state.js';

export interface RevocationSpreadOptions {
  state: RevocationState;
  registry: LinkRegistry;
  /** The dialer of each peer this node dials (parent, laterals with an address). */
  dialer: (peer: string) => LinkDialer | undefined;
  /** This node's own certificate (a warning when it is revoked). */
  self: CertIdentity;
  now: Clock;
  log: Logger;
}

export interface AcceptResult {
  outcome: OfferOutcome;
  version: number;
  currentVersion: number;
  sentTo: string[];
  dropped: string[];
}

const ROLE_ORDER: Record<string, number> = { child: 0, lateral: 1, parent: 2 };
const STALE_WARN_EVERY_MS = 3_600_000;

/**
 * Pure: whether a stale list's warning is due now: at once for a version not warned of yet (the
 * list just applied, or the first check after start), then every STALE_WARN_EVERY_MS.
 */
export function staleWarningDue(last: { version: number; atMs: number } | null, version: number, nowMs: number): boolean {
  return last === null || last.version !== version || nowMs - last.atMs >= STALE_WARN_EVERY_MS;
}

export class RevocationSpread {
  private lastStaleWarning: { version: number; atMs: number } | null = null;

  constructor(private readonly o: RevocationSpreadOptions) {}

  /**
   * Offers a list (from `from`: a peer code or 'operator'). Throws REVOCATION_LIST_INVALID when it
   * does not verify (the state counts it).
   */
  accept(signed: SignedRevocationList, from: string): AcceptResult {
    const { outcome, list } = this.o.state.offer(signed, from);
    const result: AcceptResult = { outcome, version: list.version, currentVersion: this.o.state.version, sentTo: [], dropped: [] };
    if (outcome !== 'applied') {
      this.o.log.debug({ from, version: list.version, current: this.o.state.version, outcome }, 'revocation list not newer, ignored');
      return result;
    }
    this.o.log.info({ from, version: list.version, entries: list.entries.length, nextUpdate: new Date(list.nextUpdateMs).toISOString() }, 'revocation list applied');
    if (this.o.state.isRevoked(this.o.self.serial)) {
      this.o.log.error(
        { serial: this.o.self.serial },
        `${describeRevoked(`this node's certificate for ${this.o.self.code}`, this.o.self.serial, this.o.state.entryFor(this.o.self.serial))}: peers will refuse it; install a new one from \`lienthong pki issue\``,
      );
    }
    // Passed on before revoked links close: an honest peer that is being cut off still hands the
    // list to its own subtree (the certificate is withdrawn, not the list's authority).
    const links = this.o.registry.list().filter((l) => l.session && l.peer !== from).sort((a, b) => (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9));
    for (const l of links) {
      l.session!.sendRevocations(signed);
      result.sentTo.push(l.peer);
    }
    result.dropped = this.dropRevoked();
    // A list that is stale on arrival (an old copy published again) is said at once in the log too.
    this.checkStale();
    return result;
  }

  /** A list received on a link: applied when newer; a bad one is logged and counted, never fatal. */
  fromPeer(peer: string, signed: SignedRevocationList): void {
    try {
      this.accept(signed, peer);
    } catch (err) {
      const e = asLienthongError(err);
      this.o.log.error({ peer, code: e.code, reason: e.message, refused: this.o.state.refused }, 'revocation list refused');
    }
  }

  /** A link came up: the peer gets this node's list (the newer side wins both ways). */
  linkUp(session: LinkSession): void {
    const signed = this.o.state.signed();
    if (signed) session.sendRevocations(signed);
  }

  /** Closes every link whose peer presented a certificate that is now revoked; returns their codes. */
  dropRevoked(): string[] {
    const dropped: string[] = [];
    for (const l of this.o.registry.list()) {
      const cert = l.certificate;
      if (!cert || !this.o.state.isRevoked(cert.serial)) continue;
      const reason = describeRevoked(`${cert.role} certificate for ${cert.code}`, cert.serial, this.o.state.entryFor(cert.serial));
      const dialer = this.o.dialer(l.peer);
      if (dialer) {
        dialer.dropRevoked(reason);
        if (l.session) dropped.push(l.peer);
      } else if (l.session) {
        const session = l.session;
        this.o.registry.detach(l.peer, session, reason);
        void session.close(reason);
        dropped.push(l.peer);
      }
      if (dropped.at(-1) === l.peer) this.o.log.warn({ peer: l.peer, serial: cert.serial }, `link closed: ${reason}`);
    }
    return dropped;
  }

  /** Warns when the list is past its nextUpdate: at once (and for each new version), then every hour (call it every minute or so). */
  checkStale(): string | null {
    const list = this.o.state.listValue;
    if (!list) return null;
    const nowMs = this.o.now();
    const warning = staleWarning(list, nowMs);
    if (warning && staleWarningDue(this.lastStaleWarning, list.version, nowMs)) {
      this.lastStaleWarning = { version: list.version, atMs: nowMs };
      this.o.log.warn({ version: list.version, nextUpdate: new Date(list.nextUpdateMs).toISOString() }, warning);
    }
    return warning;
  }
}
