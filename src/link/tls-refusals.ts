/**
 * Handshakes the peer port refuses, logged with the address and the reason. Node's TLS server drops
 * a client whose certificate does not verify against the CA without an alert and without an event
 * of its own: a node or an agency with a certificate from another CA (or an expired one) only sees
 * its connection reset, and nothing reached the log. The HTTP/2 server's 'tlsClientError' still
 * fires, with the socket's `authorizationError` set. It fires too for a handshake that never ends
 * (dropped after HANDSHAKE_TIMEOUT_MS) and for bytes that are not TLS at all (a client on the wrong
 * port, a scan): those are reported as well, as `kind: 'handshake'`.
 *
 * A client that refuses this node's certificate sends no alert either: Node's TLS client drops the
 * connection once it has read the certificate. The server sees the connection reset during the
 * handshake, or, when its side of the handshake had just finished, closed before HTTP/2's connection
 * preface (which every gRPC client sends at once). Both are reported as `kind: 'refused-by-client'`
 * (the second with the client's certificate), so the parent of a child that refuses it (a CA
 * mismatch, or a child expecting another node at this address) has a line that says so. A client
 * that finished the handshake and then sent bytes that are not HTTP/2 (an HTTP/1.1 request, random
 * bytes) did not refuse anything: it is no gRPC client, and is reported as `kind: 'not-http2'`.
 *
 * grpc-js keeps its HTTP/2 servers to itself; they are reached through its `http2Servers` map.
 * With a grpc-js that lacks it, `watchTlsRefusals` returns false and the node says so at start.
 */
import type { Socket } from 'node:net';
import type { Http2Session } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type * as grpc from '@grpc/grpc-js';
import { LogThrottle } from '../domain/log-throttle.js';
import { identityFromPeerCertificate } from '../pki/identity.js';
import { http2ServersOf } from './grpc-http2-servers.js';

/** One line per kind of failure and remote address at most this often (a scan with a bad certificate must not flood the log). */
export const REFUSAL_LOG_EVERY_MS = 10_000;

export interface TlsRefusal {
  /**
   * The client's certificate was refused, the handshake itself failed (timed out, not TLS), or the
   * client left during or right after it (most likely refusing this node's certificate), or it
   * finished the handshake and then sent something other than HTTP/2.
   */
  kind: 'certificate' | 'handshake' | 'refused-by-client' | 'not-http2';
  /** host:port of the client. */
  from: string;
  /** Who the client's certificate names ("node 000.00.07.H44"), when its handshake succeeded. */
  client?: string;
  /**
   * OpenSSL's verification error code (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED...), or for
   * a failed handshake Node's error code (ERR_TLS_HANDSHAKE_TIMEOUT, ERR_SSL_WRONG_VERSION_NUMBER...).
   */
  code: string;
  /** What it means for the operator. */
  reason: string;
  /** Whether to log this one: one line per kind and address per REFUSAL_LOG_EVERY_MS (every refusal is reported, for counting). */
  logged: boolean;
  /** Refusals from that address not logged since its last line (when `logged`). */
  suppressed: number;
}

/** Pure: the operator's reading of an OpenSSL verification error on a client certificate. */
export function refusalReason(code: string): string {
  if (code === NO_CLIENT_CERTIFICATE) return 'it presented no client certificate: every peer and agency needs one from `lienthong pki issue` of this network';
  if (code === 'CERT_HAS_EXPIRED') {
    return 'its client certificate has expired by this node\'s clock: the peer must install a new one from `lienthong pki issue`, ' +
      'unless this node\'s clock is ahead (compare `date -u` here with a good clock; NTP)';
  }
  if (code === 'CERT_NOT_YET_VALID') return 'its client certificate is not valid yet by this node\'s clock: check the clocks (this node\'s may be behind, or the peer\'s CA ran ahead), or the certificate';
  return `its client certificate does not verify against this node's CA (${code}): it was not issued by the network CA in tls.ca; the peer must use a certificate from \`lienthong pki issue\` of this network`;
}

/** Node's code for a client that sent no certificate (the socket has no authorizationError then). */
const NO_CLIENT_CERTIFICATE = 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE';

/**
 * Pure: a 'tlsClientError' read for the operator, from the socket's authorizationError, the error's
 * code, and whether the client had sent anything (its ClientHello, which this node answers with its
 * certificate) before it went. A client gone without a byte is a TCP port check or a scan, not a refusal.
 */
export function classifyTlsClientError(authorizationError: string | null | undefined, errorCode: string | undefined, clientSpoke = true): Pick<TlsRefusal, 'kind' | 'code' | 'reason'> {
  const code = String(authorizationError || errorCode || 'ERR_TLS');
  if (authorizationError || code === NO_CLIENT_CERTIFICATE) return { kind: 'certificate', code, reason: refusalReason(code) };
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    if (clientSpoke) return { kind: 'refused-by-client', code, reason: CLIENT_LEFT_REASON };
    return { kind: 'handshake', code, reason: 'it closed its connection before starting TLS: a TCP port check, or a scan' };
  }
  return { kind: 'handshake', code, reason: handshakeFailureReason(code) };
}

/** Pure: the operator's reading of a handshake that failed for another reason than the certificate. */
export function handshakeFailureReason(code: string): string {
  if (code === 'ERR_SSL_UNSUPPORTED_PROTOCOL') return 'it offered only TLS versions older than 1.2, which this node refuses: update its TLS library';
  if (code === 'ERR_SSL_NO_SHARED_CIPHER') {
    return 'its TLS library offers none of the cipher suites this node accepts (TLS 1.3, or TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305, or DHE-RSA and AES-GCM): update it, or turn those suites on in it';
  }
  if (code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return 'it did not finish its TLS handshake in time and was dropped: a stalled client, a scan, or a network that loses packets';
  return `it did not speak TLS (${code}): a client pointed at the wrong port, or random bytes`;
}

/** A client refusing this node's certificate closes at once; a later close without HTTP/2 is something else. */
const REFUSAL_CLOSE_WITHIN_MS = 2_000;

/** The code reported for a client that closed after its handshake without speaking HTTP/2 (not an OpenSSL code). */
export const CLOSED_BEFORE_HTTP2 = 'CLOSED_BEFORE_HTTP2_PREFACE';

export const CLIENT_LEFT_REASON =
  'it closed its connection as soon as it had this node\'s certificate, without an alert: most likely it refused that certificate ' +
  '(its tls.ca is another CA than the one that issued this node\'s tls.cert, or it expects another node at this address), ' +
  'or its clock is so far off that this certificate looks expired or not yet valid to it; see that client\'s log';

/** The code reported for a client that sent bytes other than HTTP/2's preface after its handshake. */
export const NOT_HTTP2 = 'NOT_HTTP2_AFTER_HANDSHAKE';

/** Pure: the operator's reading of a client that finished its handshake, then spoke no HTTP/2 (`detail`: what HTTP/2 said). */
export function notHttp2Reason(detail: string): string {
  return `it finished the TLS handshake, this node's certificate accepted, then sent bytes that are not HTTP/2 (${detail}): it is no gRPC client. ` +
    'Most likely an HTTP/1.1 client (curl without --http2, a browser, a load balancer\'s HTTPS health check) or another program pointed at the peer port: ' +
    'gRPC clients speak HTTP/2 (ALPN h2); check what runs at that address, point health checks at grpc.health.v1 (or `lienthong check`) and HTTP tools at http.listen';
}

/** "node 000.00.07.H44" from a client certificate, or undefined when it cannot be read. */
function clientOf(socket: TLSSocket): string | undefined {
  try {
    const id = identityFromPeerCertificate(socket.getPeerCertificate());
    return `${id.role} ${id.code}`;
  } catch {
    return undefined;
  }
}

/**
 * Pure: what refusals share one rate-limited log line: the kind, the code and the client's address
 * (not its port). A port check every few seconds must not hide a refusal, and the count of lines
 * held back must not lump other reasons in (400 handshake timeouts were once reported as
 * "suppressed" beside a TLS 1.1 client's refusal).
 */
export function refusalLogKey(r: Pick<TlsRefusal, 'kind' | 'code' | 'from'>): string {
  return `${r.kind} ${r.code} ${r.from.replace(/:\d+$/, '')}`;
}

/** Calls `onRefused` for every handshake refused or failed (`logged` rate-limited per kind, code and address); false when grpc-js hides its servers. */
export function watchTlsRefusals(server: grpc.Server, onRefused: (r: TlsRefusal) => void, now: () => number = Date.now): boolean {
  const servers = http2ServersOf(server);
  if (!servers) return false;
  const addresses = new WeakMap<Socket, string>();
  const throttle = new LogThrottle(REFUSAL_LOG_EVERY_MS, now);
  for (const s of servers) {
    s.prependListener('connection', (raw: Socket) => addresses.set(raw, `${raw.remoteAddress}:${raw.remotePort}`));
    const report = (r: Omit<TlsRefusal, 'suppressed' | 'logged'>) => {
      const logged = throttle.take(refusalLogKey(r));
      onRefused({ ...r, logged: logged !== null, suppressed: logged?.suppressed ?? 0 });
    };
    s.on('tlsClientError', (err: Error & { code?: string }, socket: TLSSocket & { _parent?: Socket }) => {
      const spoke = (socket._parent?.bytesRead ?? 1) > 0;
      const { kind, code, reason } = classifyTlsClientError(socket.authorizationError ? String(socket.authorizationError) : null, err.code, spoke);
      report({ kind, from: (socket._parent && addresses.get(socket._parent)) ?? 'unknown address', code, reason });
    });
    s.on('session', (session: Http2Session) => {
      try {
        let spoke = false;
        session.once('remoteSettings', () => {
          spoke = true;
        });
        // Bytes that are not HTTP/2's preface: nghttp2 refuses them ("Received bad client magic byte string").
        let garbled: string | null = null;
        session.on('error', (err: Error & { code?: string }) => {
          // Only nghttp2's own refusal means bytes that are not HTTP/2; a reset or a cut before the
          // client's settings (ECONNRESET...) is a client that left, reported below as before.
          if (!spoke && (err.code === 'ERR_HTTP2_ERROR' || /magic/i.test(err.message))) garbled ??= err.message;
        });
        const socket = session.socket as TLSSocket & { _parent?: Socket };
        const from = (socket._parent && addresses.get(socket._parent)) ?? `${socket.remoteAddress}:${socket.remotePort}`;
        const client = clientOf(socket);
        const opened = now();
        session.once('close', () => {
          if (garbled !== null) return report({ kind: 'not-http2', from, client, code: NOT_HTTP2, reason: notHttp2Reason(garbled) });
          // A connection this server closed later (idle, shutting down) is not the client's refusal.
          if (spoke || now() - opened > REFUSAL_CLOSE_WITHIN_MS) return;
          report({ kind: 'refused-by-client', from, client, code: CLOSED_BEFORE_HTTP2, reason: CLIENT_LEFT_REASON });
        });
      } catch {
        // A session already gone when it is announced: nothing to watch.
      }
    });
  }
  return true;
}
