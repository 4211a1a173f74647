/**
 * HTTP/2 flow-control windows for the peer port and for every connection a node or an agency's
 * software dials. HTTP/2 starts each stream and each connection with a 64 KiB receive window, which
 * grpc-js keeps on its servers and, without 'grpc-node.flow_control_window', on its channels: a
 * sender may have 64 KiB unread by the other side, then waits for a WINDOW_UPDATE. A 1 MiB
 * attachment chunk then crosses a link in about 16 round trips of window updates, each waking both
 * processes. Measured on loopback with mutual TLS (200 messages of 1 MiB on one stream, 4 in
 * flight, either way): 320–410 MB/s and 0.57–0.72 s of CPU on the two sides together with 64 KiB
 * windows; 670–890 MB/s and 0.37–0.47 s with 1 MiB, 4 MiB or 16 MiB alike. The bench's 200 MB file
 * over six hops: see the README (Benchmarks).
 *
 * The window is also what a peer may have sent that the receiver has not read yet: with the
 * connection's window the same as its streams', a connection holds at most 2 MiB unread, whatever
 * its number of streams (what is read is bounded by the link's own windows of documents and
 * attachment bytes unacknowledged).
 */
import type * as grpc from '@grpc/grpc-js';
import { http2ServersOf } from './grpc-http2-servers.js';

/** Receive window of every HTTP/2 stream and connection, both ways. */
export const FLOW_CONTROL_WINDOW_BYTES = 2 * 1024 * 1024;

/** The channel option that gives a dialed connection and its streams that window. */
export const CHANNEL_FLOW_CONTROL: grpc.ChannelOptions = { 'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW_BYTES };

interface Http2SessionLike {
  destroyed: boolean;
  setLocalWindowSize(bytes: number): void;
  settings(s: { initialWindowSize: number }): void;
}

/**
 * Gives every connection accepted by `server` (once bound) the window: the connection's at once,
 * its streams' through SETTINGS. False when grpc-js hides its HTTP/2 servers.
 */
export function widenServerWindows(server: grpc.Server, bytes = FLOW_CONTROL_WINDOW_BYTES): boolean {
  const servers = http2ServersOf(server);
  if (!servers) return false;
  for (const s of servers) {
    s.on('session', (session: Http2SessionLike) => {
      if (session.destroyed) return;
      session.setLocalWindowSize(bytes);
      session.settings({ initialWindowSize: bytes });
    });
  }
  return true;
}
