/**
 * What the node's two gRPC servers (the peer port and the admin socket) share: their interceptors,
 * binding with errors that tell the operator what to change, and shutdown with a deadline.
 */
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { LienthongError } from '../domain/errors.js';
import { authContextPerConnectionSeeing } from '../service/auth-context-per-connection.js';
import { statusEndsCall } from '../service/status-ends-call.js';
import { refuseUndecodable } from '../service/undecodable.js';

/**
 * authContextPerConnection and statusEndsCall first: both patch the call grpc-js made (see their
 * files); the first returns that same call.
 */
export function serverInterceptors(log: Logger, seen?: (certificate: PeerCertificate) => void): grpc.ServerInterceptor[] {
  return [authContextPerConnectionSeeing(seen), statusEndsCall, refuseUndecodable(log)];
}

/** Binds `server` to `address`; resolves with the port bound. */
export function bindServer(server: grpc.Server, address: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, creds, (err, port) => {
      if (!err) return resolve(port);
      const m = err.message;
      if (/key values mismatch|KEY_VALUES_MISMATCH/i.test(m)) {
        reject(new LienthongError('CERTIFICATE_INVALID', 'tls.key does not belong to tls.cert: give the key issued with that certificate', { cause: err }));
      } else if (/EADDRINUSE/.test(m)) {
        reject(new LienthongError('CONFIG_INVALID', `cannot listen on ${address}: another process already uses it; stop it or change node.listen`, { cause: err }));
      } else if (/EACCES|EADDRNOTAVAIL/.test(m)) {
        reject(new LienthongError('CONFIG_INVALID', `cannot listen on ${address}: ${m.includes('EACCES') ? 'permission denied' : 'no such local address'}; check node.listen`, { cause: err }));
      } else {
        reject(new LienthongError('INTERNAL', `cannot listen on ${address}: ${m}`, { cause: err }));
      }

    });
  });
}

/** Lets calls in progress finish for up to 2 s, then cuts them. */
export function forceShutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2_000);
    server.tryShutdown(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
