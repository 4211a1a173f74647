/**
 * A call's client certificate, read once per connection. grpc-js (1.14.7) answers every
 * `getAuthContext()` with `TLSSocket.getPeerCertificate()`, which builds the whole certificate as
 * a JavaScript object each time (subject, issuer, key, three fingerprints...): ≈ 20 µs of the
 * event loop per call here, plus the garbage, and 11 % of the main thread's samples in a V8
 * profile of a district taking 64 agencies' unary `Send` calls (a sampling profile overstates
 * short native calls). A TLS connection's client certificate cannot change (HTTP/2
 * forbids renegotiation), so the first answer is kept for the connection's socket and given to
 * every later call on it. Revocation is still checked on every call (`callerIdentity`).
 *
 * It patches the call grpc-js made, like `statusEndsCall`, and returns that same call, so it adds
 * no layer to the call's messages. Should a later grpc-js no longer expose the call's socket,
 * calls read the certificate each time, as before.
 */
import type { PeerCertificate } from 'node:tls';
import type * as grpc from '@grpc/grpc-js';

type AuthContext = ReturnType<grpc.ServerInterceptingCallInterface['getAuthContext']>;

const perSocket = new WeakMap<object, AuthContext>();

/** The TLS socket under grpc-js's own call object (`BaseServerInterceptingCall.stream`), if reachable. */
function socketOf(call: unknown): object | undefined {
  const socket = (call as { stream?: { session?: { socket?: unknown } } }).stream?.session?.socket;
  return typeof socket === 'object' && socket !== null ? socket : undefined;
}

/**
 * The interceptor; `seen` is told of each connection's client certificate when it is first read
 * (once per connection: what `status` lists of the agencies' certificates). Must come before any
 * interceptor that wraps the call (it patches the call it is given).
 */
export function authContextPerConnectionSeeing(seen?: (certificate: PeerCertificate) => void): grpc.ServerInterceptor {
  return (_method, call) => {
    const socket = socketOf(call);
    if (socket !== undefined) {
      const read = call.getAuthContext.bind(call);
      call.getAuthContext = () => {
        const known = perSocket.get(socket);
        if (known !== undefined) return known;
        const ctx = read();
        // Only a certificate is kept: a connection without one is asked again (and refused) each time.
        if (ctx.sslPeerCertificate !== undefined) {
          perSocket.set(socket, ctx);
          if (seen && Object.keys(ctx.sslPeerCertificate).length > 0) seen(ctx.sslPeerCertificate);
        }
        return ctx;
      };
    }
    // grpc-js hands each interceptor the previous one's result and uses only the call interface.
    return call as grpc.ServerInterceptingCall;
  };
}

/** The interceptor without a listener. */
export const authContextPerConnection: grpc.ServerInterceptor = authContextPerConnectionSeeing();
