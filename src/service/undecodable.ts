/**
 * Requests whose bytes are not a valid protobuf message get INVALID_ARGUMENT saying so, not
 * grpc-js's own INTERNAL "Error deserializing request": every server-side decoder is wrapped to
 * hand over an Undecodable marker instead of throwing, and a server interceptor answers it before
 * any handler sees it.
 */
import * as grpc from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import type { Logger } from 'pino';
import { LienthongError } from '../domain/errors.js';
import { LogThrottle } from '../domain/log-throttle.js';
import { toServiceError } from './grpc-status.js';
import { refuseCutStrings } from './strict-strings.js';

export class Undecodable {
  constructor(
    readonly type: string,
    readonly reason: string,
  ) {}
}

function isMethod(value: unknown): value is protoLoader.MethodDefinition<object, object> {
  return typeof value === 'object' && value !== null && typeof (value as { requestDeserialize?: unknown }).requestDeserialize === 'function';
}

/** Wraps `method`'s request decoder to hand over an Undecodable marker instead of throwing. */
function tolerate(method: protoLoader.MethodDefinition<object, object>): void {
  const decode = method.requestDeserialize;
  const type = (method.requestType as { type?: { name?: string } }).type?.name ?? 'request';
  method.requestDeserialize = (bytes: Buffer) => {
    try {
      return decode(bytes);
    } catch (err) {
      return new Undecodable(type, (err as Error).message) as never;
    }
  };
}

/**
 * Wraps the request decoders of every service in `def`, the link's Connect stream included. A peer
 * whose frame does not decode gets INVALID_ARGUMENT saying why, and its link ends. The status may
 * come while the session is still writing frames, so it relies on statusEndsCall. A message whose
 * bytes end before its last field does (a length past the end) does not decode either.
 */
export function tolerantDecoders(def: protoLoader.PackageDefinition): void {
  refuseCutStrings();
  for (const service of Object.values(def)) {
    for (const method of Object.values(service as object)) if (isMethod(method)) tolerate(method);
  }
}

/** A copy of `service` (one another library defined, such as grpc.health.v1) with tolerant decoders. */
export function tolerantService<S extends object>(service: S): S {
  refuseCutStrings();
  const copy = Object.fromEntries(Object.entries(service).map(([name, method]) => [name, isMethod(method) ? { ...method } : method]));
  for (const method of Object.values(copy)) if (isMethod(method)) tolerate(method);
  return copy as S;
}

/** One log line per address at most this often for undecodable messages (the rest are counted). */
export const UNDECODABLE_LOG_EVERY_MS = 10_000;

/**
 * An interceptor that ends a call whose message did not decode with INVALID_ARGUMENT, naming the
 * method and the reason, and logs it at info with the caller's address (throttled per address).
 */
export function refuseUndecodable(log: Logger, now: () => number = Date.now): grpc.ServerInterceptor {
  const throttle = new LogThrottle(UNDECODABLE_LOG_EVERY_MS, now);
  return (method, call) => {
    const intercepting: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message: unknown, pass: (m: unknown) => void) => {
            if (!(message instanceof Undecodable)) return pass(message);
            const e = new LienthongError('INVALID_ARGUMENT', `${method.path}: the message is not a valid ${message.type} (protobuf: ${message.reason}); build it from proto/lienthong/v1`);
            const peer = call.getPeer();
            const logged = throttle.take(peer.replace(/:\d+$/, ''));
            if (logged) log.info({ peer, method: method.path, suppressed: logged.suppressed }, `undecodable message refused: ${e.message}`);
            intercepting.sendStatus(toServiceError(e) as Parameters<grpc.ServerInterceptingCall['sendStatus']>[0]);
          },
        }),
    });
    return intercepting;
  };
}
