/**
 * The HTTP/2 servers behind a bound grpc-js server. grpc-js keeps them to itself, in its
 * `http2Servers` map (keys: the servers); a node reaches them to log refused handshakes
 * (tls-refusals.ts) and to widen flow-control windows (flow-control.ts). Null when this grpc-js
 * has no such map: callers say what they cannot do.
 */
import type { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';

export function http2ServersOf(server: grpc.Server): EventEmitter[] | null {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  return servers instanceof Map ? [...(servers.keys() as Iterable<EventEmitter>)] : null;
}
