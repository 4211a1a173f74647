/**
 * The node's links by peer: configured role and address, current session, state and its history
 * (since when, last error, reconnects). The relay's 'outbox' events are routed here to wake the
 * session of the next hop.
 */
import type { Clock, LinkRole } from '../domain/types.js';
import type { CertIdentity } from '../pki/identity.js';
import type { ClockOffset } from './clock-skew.js';
import type { LinkSession } from './link-session.js';

export type LinkState = 'up' | 'down' | 'connecting';

export interface LinkInfo {
  peer: string;
  role: LinkRole;
  address: string;
  state: LinkState;
  sinceMs: number;
  lastError: string;
  reconnects: number;
  session: LinkSession | null;
  everUp: boolean;
  /** The certificate the peer presented on its latest link (kept after the link goes down). */
  certificate: CertIdentity | null;
  /** Where the peer's current link comes from, when it dialed this node ('' otherwise). */
  remote: string;
  /** The peer's clock against this node's, read from the Hellos of its latest link (kept after it goes down). */
  clock: PeerClock | null;
  /** The last attempt was refused for a reason retrying does not fix (lastError says which). */
  refused: boolean;
}

/** Pure: why copies for a link in the state `info` wait, or null when it is up. */
export function waitingNote(info: Pick<LinkInfo, 'peer' | 'role' | 'state' | 'sinceMs' | 'lastError' | 'everUp'>): string | null {
  if (info.state === 'up') return null;
  const since = new Date(info.sinceMs).toISOString();
  const how = info.state === 'connecting' ? 'is being dialled' : 'is down';
  const never = info.everUp ? '' : ', not up since this node started';
  return `waiting for the link to ${info.peer} (${info.role}), which ${how} (since ${since}${never})${info.lastError ? `: ${info.lastError}` : ''}`;
}

/** A clock offset and when (this node's clock) it was measured. */
export interface PeerClock extends ClockOffset {
  atMs: number;
}

export class LinkRegistry {
  private readonly links = new Map<string, LinkInfo>();

  constructor(private readonly now: Clock) {}

  declare(peer: string, role: LinkRole, address: string): void {
    this.links.set(peer, { peer, role, address, state: 'down', sinceMs: this.now(), lastError: '', reconnects: 0, session: null, everUp: false, certificate: null, remote: '', clock: null, refused: false });
  }

  get(peer: string): LinkInfo | undefined {
    return this.links.get(peer);
  }

  /** Makes `session` the peer's current one; an older session of the same peer is closed. */
  attach(peer: string, session: LinkSession, certificate?: CertIdentity | null, remote = ''): void {
    const info = this.links.get(peer);
    if (!info) return;
    if (certificate) info.certificate = certificate;
    info.remote = remote;
    const old = info.session;
    if (old && old !== session) void old.close('replaced by a new connection from the same peer');
    if (info.everUp) info.reconnects++;
    info.everUp = true;
    info.session = session;
    info.state = 'up';
    info.refused = false;
    info.sinceMs = this.now();
    session.wake();
  }

  /** The peer's clock as its latest Hello showed it; returns the reading it replaces. */
  clockRead(peer: string, clock: PeerClock): PeerClock | null {
    const info = this.links.get(peer);
    if (!info) return null;
    const before = info.clock;
    info.clock = clock;
    return before;
  }

  /** The session ended; only the current session changes the state. */
  detach(peer: string, session: LinkSession | null, error: string): void {
    const info = this.links.get(peer);
    if (!info) return;
    if (session && info.session !== session) return;
    if (info.state === 'up') info.sinceMs = this.now();
    info.session = null;
    info.state = 'down';
    info.lastError = error;
  }

  connecting(peer: string): void {
    const info = this.links.get(peer);
    if (info && info.state === 'down' && !info.session) info.state = 'connecting';
  }

  /**
   * A link attempt failed; `certificate`, when given, is the one the peer presented (refused for
   * it); `refused`: for a reason retrying does not fix, which `check` reports at once.
   */
  failed(peer: string, error: string, certificate?: CertIdentity | null, refused = false): void {
    const info = this.links.get(peer);
    if (!info || info.session) return;
    // Not up since the last session ended (or since start): "down since" keeps its time.
    info.state = 'down';
    info.lastError = error;
    info.refused = refused;
    if (certificate) info.certificate = certificate;
  }

  /**
   * Why copies for `peer` wait when its link is not up (shown by `trace` for a queued copy that has
   * no error of its own: it was queued while the link was already down); null when it is up.
   */
  whyWaiting(peer: string): string | null {
    const info = this.links.get(peer);
    if (!info) return `no link to ${peer} is configured on this node`;
    return waitingNote(info);
  }

  /** Wakes the session for `peer`, or every session when `peer` is null. */
  wake(peer: string | null): void {
    if (peer === null) {
      for (const l of this.links.values()) l.session?.wake();
      return;
    }
    this.links.get(peer)?.session?.wake();
  }

  list(): LinkInfo[] {
    return [...this.links.values()];
  }

  sessions(): LinkSession[] {
    return this.list().flatMap((l) => (l.session ? [l.session] : []));
  }
}
