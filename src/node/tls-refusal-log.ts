/**
 * The peer port's refused TLS handshakes (link/tls-refusals.ts), counted in the metrics and written
 * to the node's log under component "tls", one level per kind.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { watchTlsRefusals } from '../link/tls-refusals.js';
import type { NodeMetrics } from './metrics.js';

export function logTlsRefusals(server: grpc.Server, metrics: NodeMetrics, log: Logger): void {
  const tlsLog = log.child({ component: 'tls' });
  const watched = watchTlsRefusals(server, (r) => {
    // Every refusal is counted, as peer "unauthenticated" (one series per reason, however many
    // addresses a scan comes from: the log lines, rate-limited, name the address).
    if (r.kind === 'certificate') metrics.connectionRefused('unauthenticated', r.code);
    if (!r.logged) return;
    const line = { from: r.from, client: r.client, code: r.code, suppressed: r.suppressed };
    if (r.kind === 'certificate') tlsLog.warn(line, `TLS connection refused: ${r.reason}`);
    else if (r.kind === 'refused-by-client') tlsLog.warn(line, `TLS client left: ${r.reason}`);
    else if (r.kind === 'not-http2') tlsLog.warn(line, `TLS client spoke no HTTP/2: ${r.reason}`);
    else tlsLog.info(line, `TLS handshake failed: ${r.reason}`);
  });
  if (!watched) tlsLog.warn('this grpc-js does not expose its HTTP/2 servers: handshakes refused for a bad client certificate are not logged');
}
