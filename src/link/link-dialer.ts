/**
 * The dialing side of a link: a child to its parent, or a node to a lateral peer it is configured
 * to dial. Holds one long-lived stream; when it breaks, reconnects with exponential backoff and
 * jitter. The parent never dials a child, so a commune behind NAT works.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ConnectRequest } from '../gen/lienthong/v1/ConnectRequest.js';
import type { ConnectResponse__Output } from '../gen/lienthong/v1/ConnectResponse.js';
import type { LinkFrame__Output } from '../gen/lienthong/v1/LinkFrame.js';
import { frameStream } from './frame-stream.js';
import type { LinkServiceClient } from '../gen/lienthong/v1/LinkService.js';
import { backoffDelayMs, type BackoffPolicy } from '../domain/retry-schedule.js';
import { loadProto } from '../service/proto.js';
import type { LinkRegistry } from './link-registry.js';
import { LinkSession, type FrameStream } from './link-session.js';
import { identityFromPeerCertificate, type CertIdentity } from '../pki/identity.js';
import { CHANNEL_OPTIONS, dialCredentials, PEER_CERTIFICATE_REFUSED, type RevocationCheck, type TlsMaterial } from './tls-credentials.js';
import { dialerOffset, HELLO_ROUND_TRIP_MS, isSkewed, offsetPhrase } from './clock-skew.js';
import { notePeerClock, ownHello } from './hello.js';
import type { PeerClock } from './link-registry.js';
import type { Clock } from '../domain/types.js';
import { LogThrottle } from '../domain/log-throttle.js';
import { ERROR_CODE_KEY } from '../service/grpc-status.js';

export interface DialerOptions {
  self: string;
  peer: string;
  address: string;
  tls: TlsMaterial;
  window: number;
  version: string;
  registry: LinkRegistry;
  /** `peerBatches`: the peer's Hello says it reads TransferBatch frames. */
  newSession: (stream: FrameStream, peerBatches: boolean) => LinkSession;
  reconnect: BackoffPolicy;
  random: () => number;
  /** Refuses a peer whose certificate is on the revocation list, at every TLS handshake. */
  revoked?: RevocationCheck;
  /** This node's clock (its Hello carries it; the peer's is compared with it). */
  now?: Clock;
  log: Logger;
}

const HELLO_TIMEOUT_MS = HELLO_ROUND_TRIP_MS;
/** How long after the peer's Goodbye its absence is expected (a restart, an upgrade) and logged at info. */
export const PEER_RESTART_GRACE_MS = 60_000;
const STABLE_MS = 10_000;

/**
 * Pure: the count of failed attempts the next reconnect's backoff starts from once a link went down
 * after `upForMs` (null: it never came up). A link that held STABLE_MS starts over: the next
 * attempt comes after reconnect.base, not after the backoff of an outage before it. (The count
 * was reset on the call's 'close' event, which comes after 'end' or 'error' has already scheduled
 * the retry: a parent restarted after a long outage cost the child a whole reconnect.max.)
 */
export function failuresAfterLink(failures: number, upForMs: number | null): number {
  return upForMs !== null && upForMs > STABLE_MS ? 0 : failures;
}

/**
 * A dialer whose own certificate the peer refuses as revoked waits this long between attempts (or
 * reconnect.max, when longer): nothing changes before a new certificate is installed and the node
 * restarted, and each attempt costs the peer a refusal.
 */
export const REVOKED_RETRY_MS = 60_000;
/** The error line saying this node's certificate is revoked comes once per this period (the others at debug). */
export const REVOKED_LOG_EVERY_MS = 600_000;

export class LinkDialer {
  private client: LinkServiceClient;
  private call: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output> | null = null;
  private session: LinkSession | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastReason = '';
  /** When the peer last said Goodbye (stopped cleanly); -Infinity if it never did. */
  private peerStoppedAtMs = -Infinity;
  /** Set when the peer's certificate was revoked: the next attempt opens a new TLS connection. */
  private renewChannel = false;
  private closeReason = '';

  private readonly now: Clock;
  private readonly revokedLines: LogThrottle;

  constructor(private readonly o: DialerOptions) {
    this.now = o.now ?? Date.now;
    this.revokedLines = new LogThrottle(REVOKED_LOG_EVERY_MS, this.now);
    this.client = this.newClient();
  }

  private newClient(): LinkServiceClient {
    const proto = loadProto();
    const creds = dialCredentials(this.o.tls, this.o.peer, 'node', this.o.revoked);
    // The peer is identified by the code in its certificate, not by a host name (often an IP).
    return new proto.LinkService(this.o.address, creds, { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': 'lienthong-node' }) as unknown as LinkServiceClient;
  }

  /**
   * The peer's certificate is now revoked: closes the link and the TLS connection under it (grpc-js
   * would otherwise reuse it), so every later attempt makes a new handshake, which refuses it.
   */
  dropRevoked(reason: string): void {
    if (this.stopped) return;
    this.renewChannel = true;
    this.closeReason = reason;
    this.call?.cancel();
  }

  start(): void {
    this.connect();
  }

  get current(): LinkSession | null {
    return this.session;
  }

  private connect(): void {
    if (this.stopped) return;
    this.o.registry.connecting(this.o.peer);
    const call = this.client.Connect();
    const frames = frameStream(call);
    this.call = call;
    let session: LinkSession | null = null;
    let upAtMs: number | null = null;
    let ended = false;
    const helloTimer = setTimeout(() => {
      this.o.log.warn('no Hello from peer in time, reconnecting');
      call.cancel();
    }, HELLO_TIMEOUT_MS);
    let helloSeen = false;
    let helloSentMs = 0;
    const onHello = (f: LinkFrame__Output) => {
      if (helloSeen) return;
      helloSeen = true;
      const receivedMs = this.now();
      clearTimeout(helloTimer);
      if (!f.hello || f.hello.nodeCode !== this.o.peer) {
        this.o.log.error({ got: f.hello?.nodeCode }, 'peer did not answer with the expected Hello');
        call.cancel();
        return;
      }
      let certificate: CertIdentity | null = null;
      try {
        const cert = call.getAuthContext()?.sslPeerCertificate;
        if (cert) certificate = identityFromPeerCertificate(cert);
      } catch {
        /* checked at the handshake already; only the status view would miss it */
      }
      session = this.o.newSession(frames, f.hello.transferBatches === true);
      this.session = session;
      this.o.registry.attach(this.o.peer, session, certificate);
      this.o.log.info({ address: this.o.address }, 'link up');
      const who = `${this.o.registry.get(this.o.peer)?.role ?? 'peer'} ${this.o.peer}`;
      notePeerClock({ registry: this.o.registry, peer: this.o.peer, who, offset: dialerOffset(Number(f.hello.sentAtMs), helloSentMs, receivedMs), nowMs: receivedMs, log: this.o.log });
      upAtMs = Date.now();
    };
    const onEnd = (err?: Error) => {
      if (ended) return;
      ended = true;
      clearTimeout(helloTimer);
      const known = { nowMs: this.now(), peer: this.o.peer, clock: this.o.registry.get(this.o.peer)?.clock ?? null };
      const peerSays = !this.closeReason && err ? ownCertificateRevoked(err) : null;
      const retryMs = Math.max(REVOKED_RETRY_MS, this.o.reconnect.maxMs);
      const said = session?.peerSaidGoodbye ?? null;
      const reason = this.closeReason ||
        (said !== null ? LinkSession.stoppedCleanly(said) : null) ||
        (peerSays !== null ? revokedReason(this.o.self, this.o.peer, this.o.address, peerSays, retryMs) : err ? describe(err, this.o.address, known) : 'peer closed the stream');
      if (said !== null) this.peerStoppedAtMs = this.now();
      this.closeReason = '';
      const wasUp = session !== null;
      this.failures = failuresAfterLink(this.failures, upAtMs === null ? null : Date.now() - upAtMs);
      if (session) {
        void session.close(reason);
        this.o.registry.detach(this.o.peer, session, reason);
        if (this.session === session) this.session = null;
      } else {
        this.o.registry.failed(this.o.peer, reason, null, peerSays !== null || (err !== undefined && refusedForGood(err)));
      }
      if (peerSays !== null) {
        // Nothing this node does fixes it but a new certificate: an error, once per 10 minutes.
        const line = this.revokedLines.take('revoked');
        if (line) this.o.log.error({ reason, code: 'CERTIFICATE_REVOKED', heldBack: line.suppressed }, 'this node\'s certificate is revoked: the peer refuses the link');
        else this.o.log.debug({ reason, attempt: this.failures + 1 }, 'still refused: this node\'s certificate is revoked');
        this.lastReason = reason;
        this.scheduleReconnect(retryMs);
        return;
      }
      // The first failure is a warning; the same failure again while reconnecting is only debug noise.
      // A peer that said Goodbye stopped on purpose: its end, and the redials in the minute after
      // it (a restart, an upgrade), are info; the first failure after that minute is a warning.
      const expected = said !== null || (!wasUp && this.now() - this.peerStoppedAtMs < PEER_RESTART_GRACE_MS);
      const seen = expected ? `restarting: ${reason}` : reason;
      if (wasUp || seen !== this.lastReason) {
        if (!expected) this.o.log.warn({ reason }, wasUp ? 'link down' : 'cannot open the link');
        else if (wasUp) this.o.log.info({ reason }, 'link down');
        else this.o.log.info({ reason, peerStoppedAt: new Date(this.peerStoppedAtMs).toISOString() }, 'cannot open the link yet: the peer stopped cleanly and is not back');
      } else this.o.log.debug({ reason, attempt: this.failures + 1 }, 'still cannot open the link');
      this.lastReason = wasUp ? '' : seen;
      this.scheduleReconnect();
    };
    frames.on('data', onHello);
    call.on('error', (err) => onEnd(err));
    call.on('end', () => onEnd());
    helloSentMs = this.now();
    frames.write({ hello: ownHello({ self: this.o.self, version: this.o.version, window: this.o.window, nowMs: helloSentMs }) });
  }

  /** `atLeastMs`: a floor under the backoff (a revoked certificate waits long). */
  private scheduleReconnect(atLeastMs = 0): void {
    if (this.stopped || this.timer) return;
    this.failures++;
    const delay = Math.max(atLeastMs, backoffDelayMs(this.failures, this.o.reconnect, this.o.random));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.renewChannel) {
        this.renewChannel = false;
        this.client.close();
        this.client = this.newClient();
      }
      this.connect();
    }, delay);
  }

  /** Stops reconnecting and closes the link (after the session has settled, if the caller waited). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.session) await this.session.close('node shutting down');
    this.call?.removeAllListeners();
    this.call?.on('error', () => undefined);
    this.call?.cancel();
    this.client.close();
  }
}

/**
 * What the peer said when it refused this node's own certificate as revoked (its status carries the
 * CERTIFICATE_REVOKED code), or null for any other failure. Classified by code, never by text: a
 * peer whose certificate this dialer finds revoked fails at the handshake, without a code.
 */
export function ownCertificateRevoked(err: Error): string | null {
  const e = err as Partial<grpc.ServiceError>;
  if (e.metadata?.get(ERROR_CODE_KEY)?.[0] !== 'CERTIFICATE_REVOKED') return null;
  const details = e.details ?? err.message;
  return details.startsWith('CERTIFICATE_REVOKED: ') ? details.slice('CERTIFICATE_REVOKED: '.length) : details;
}

/** Pure: the reason a dialer gives when `peer` refuses its own certificate as revoked. */
export function revokedReason(self: string, peer: string, address: string, peerSays: string, retryMs: number): string {
  return `this node's certificate is revoked: ${peer} (${address}) refuses it (${peerSays}). No link can open until this node has a new one: ` +
    `issue it with \`lienthong pki issue --code ${self} --role node\` on the CA's machine, point tls.cert and tls.key at the new pair and restart this node ` +
    `(until then it tries again every ${Math.round(retryMs / 1000)} s)`;
}

/** OpenSSL's words when the peer's certificate does not chain to the CA this node trusts. */
const UNTRUSTED_PEER = /self[- ]signed certificate( in certificate chain)?|unable to get (local )?issuer certificate|unable to verify the first certificate|certificate signature failure/i;

/** What the dialer knows that may explain a failure: its clock now, and the peer's as last measured. */
export interface FailureContext {
  nowMs: number;
  peer: string;
  clock: PeerClock | null;
}

/** ": the clock of 000.00.00.H44 was 900.0 days ahead of this node's ..." when a skew was seen on the peer's last link. */
function skewNote(c: FailureContext | undefined): string {
  if (!c?.clock || !isSkewed(c.clock)) return '';
  return `. Most likely a clock is wrong: when the link was last up, ${offsetPhrase(c.peer, c.clock)} (at ${new Date(c.clock.atMs).toISOString()}); fix the clock that is wrong (NTP) first`;
}

/**
 * Pure: whether a failed attempt was refused for a reason that retrying does not fix, so an
 * operator must act now (`check` says so at once instead of after check.linkDownAfter): the peer
 * does not take this node (not a configured peer, a node certificate required) or this node's
 * certificate (PERMISSION_DENIED, UNAUTHENTICATED), or this node does not take the peer's (from
 * another CA, naming another node than the configuration says: a wrong address, or revoked).
 * A revoked certificate is decided by the caller (ownCertificateRevoked).
 */
export function refusedForGood(err: Error): boolean {
  const e = err as grpc.ServiceError;
  if (e.code === grpc.status.PERMISSION_DENIED || e.code === grpc.status.UNAUTHENTICATED) return true;
  const details = typeof e.code === 'number' ? e.details : err.message;
  return UNTRUSTED_PEER.test(details) || PEER_CERTIFICATE_REFUSED.test(details);
}

/** An operator's reading of a gRPC failure to reach the peer at `address`. */
export function describe(err: Error, address: string, context?: FailureContext): string {
  const e = err as grpc.ServiceError;
  // grpc-js ends a failed connection's details with "Resolution note: " and what name resolution
  // said, usually nothing: an empty note is noise in the log and in `status`.
  const details = (typeof e.code === 'number' ? e.details : err.message).replace(/\s*Resolution note:\s*$/, '');
  // The peer's own sentence (a second link for this node's code, say) is kept whole.
  if (/^PEER_BUSY: /.test(details)) return details;
  const untrusted = UNTRUSTED_PEER.exec(details);
  if (untrusted) {
    return `${address} presented a certificate that the CA in this node's tls.ca did not issue (${untrusted[0]}): both nodes must use certificates from the same network CA (compare \`lienthong pki show\` on each side)`;
  }
  // The day only: the same failure again must read the same (a repeated reason is logged at debug).
  const clockNow = context ? `, which reads ${new Date(context.nowMs).toISOString().slice(0, 10)}` : '';
  if (/certificate has expired/i.test(details)) {
    return `${address} presented an expired certificate (expired by this node's clock${clockNow}): its operator must install a new one from \`lienthong pki issue\`, ` +
      `unless this node's clock is ahead: compare \`date -u\` here with a good clock and set it right (NTP)${skewNote(context)}`;
  }
  if (/certificate is not yet valid/i.test(details)) {
    return `${address} presented a certificate that is not valid yet by this node's clock${clockNow}: most likely this node's clock is behind; ` +
      `compare \`date -u\` here with a good clock and set it right (NTP)${skewNote(context)}`;
  }
  if (/ECONNREFUSED/.test(details)) return `connection refused by ${address}: is the peer running, and is its address right in the configuration?`;
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(details)) return `${address} cannot be reached (${/ETIMEDOUT/.test(details) ? 'timed out' : 'no route'}): check the network and the address`;
  if (/ECONNRESET|socket hang up|disconnected before secure TLS connection was established/i.test(details)) {
    return `the connection to ${address} closed during the TLS handshake: either the peer refused this node's certificate (is it issued by the network CA the peer trusts, not revoked, ` +
      `and valid by the peer's clock? a peer whose clock is ahead sees it expired; the peer's log says which) or the network between them (a firewall, a proxy) cut it${skewNote(context)}`;
  }
  if (/revoked/i.test(details)) return details.replace(/^.*?(peer \w+ certificate)/i, '$1').replace(/\.?\s*Resolution note:.*$/s, '');
  if (/expected node|certificate/i.test(details)) return details.replace(/^.*?(peer certificate|certificate)/i, '$1');
  if (e.code === grpc.status.PERMISSION_DENIED) {
    return `${address} refuses this node (PERMISSION_DENIED: ${details}): that is the peer's configuration, which its operator must change`;
  }
  if (typeof e.code === 'number') return `${grpc.status[e.code]}: ${details}`;
  return details;
}
