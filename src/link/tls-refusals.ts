/**
 * Handshakes the peer port refuses for the client's certificate, logged with the address and the
 * reason. Node's TLS server drops a client whose certificate does not verify against the CA
 * without an alert and without an event of its own: a node or an agency with a certificate from
 * another CA (or an expired one) only sees its connection reset, and nothing reached the log. The
 * HTTP/2 server's 'tlsClientError' still fires, with the socket's `authorizationError` set.
 *
 * grpc-js keeps its HTTP/2 servers to itself; they are reached through its `http2Servers` map.
 * With a grpc-js that lacks it, `watchTlsRefusals` returns false and the node says so at start.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type * as grpc from '@grpc/grpc-js';
import { http2ServersOf } from './grpc-http2-servers.js';

/** One line per remote address at most this often (a scan with a bad certificate must not flood the log). */
export const REFUSAL_LOG_EVERY_MS = 10_000;
const MAX_ADDRESSES = 10_000;

export interface TlsRefusal {
  /** host:port of the client. */
  from: string;
  /** OpenSSL's verification error code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED. */
  code: string;
  /** What it means for the operator. */
  reason: string;
  /** Refusals from that address not logged since its last line. */
  suppressed: number;
}

/** Pure: the operator's reading of an OpenSSL verification error on a client certificate. */
export function refusalReason(code: string): string {
  if (code === 'CERT_HAS_EXPIRED') return 'its client certificate has expired: the peer must install a new one from `lienthong pki issue`';
  if (code === 'CERT_NOT_YET_VALID') return 'its client certificate is not valid yet: check the clocks, or the certificate';
  return `its client certificate does not verify against this node's CA (${code}): it was not issued by the network CA in tls.ca; the peer must use a certificate from \`lienthong pki issue\` of this network`;
}

/** Calls `onRefused` for every handshake refused for the client's certificate; false when grpc-js hides its servers. */
export function watchTlsRefusals(server: grpc.Server, onRefused: (r: TlsRefusal) => void, now: () => number = Date.now): boolean {
  const servers = http2ServersOf(server);
  if (!servers) return false;
  const addresses = new WeakMap<Socket, string>();
  const lastLogged = new Map<string, { atMs: number; suppressed: number }>();
  for (const s of servers) {
    s.prependListener('connection', (raw: Socket) => addresses.set(raw, `${raw.remoteAddress}:${raw.remotePort}`));
    s.on('tlsClientError', (_err: Error, socket: TLSSocket & { _parent?: Socket }) => {
      const code = socket.authorizationError;
      if (!code) return; // not about the certificate: random bytes, a dropped handshake
      const from = (socket._parent && addresses.get(socket._parent)) ?? 'unknown address';
      const host = from.replace(/:\d+$/, '');
      const seen = lastLogged.get(host);
      const nowMs = now();
      if (seen && nowMs - seen.atMs < REFUSAL_LOG_EVERY_MS) {
        seen.suppressed++;
        return;
      }
      if (lastLogged.size >= MAX_ADDRESSES) lastLogged.clear();
      lastLogged.set(host, { atMs: nowMs, suppressed: 0 });
      onRefused({ from, code: String(code), reason: refusalReason(String(code)), suppressed: seen?.suppressed ?? 0 });
    });
  }
  return true;
}
