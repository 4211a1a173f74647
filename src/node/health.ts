/**
 * The standard gRPC health service (grpc.health.v1) of a node: SERVING only while the node is
 * started, not draining, and its store takes new documents. Served on the peer port and on the admin
 * socket, for the whole server ("") and per service.
 */
import type * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { toServiceError } from '../service/grpc-status.js';
import { tolerantService } from '../service/undecodable.js';

/** Throws when the caller may not ask (a revoked certificate on the peer port). */
export type CallerCheck = (call: { getAuthContext(): object }) => void;

type Handler = (call: grpc.ServerUnaryCall<unknown, unknown> & grpc.ServerWritableStream<unknown, unknown>, callback?: grpc.sendUnaryData<unknown>) => void;

/** The health handlers, each asking `allowed` first: Check answers the refusal, Watch ends with it. */
function guarded(impl: Record<string, Handler>, allowed: CallerCheck): Record<string, Handler> {
  const out: Record<string, Handler> = {};
  for (const [name, handler] of Object.entries(impl)) {
    out[name] = (call, callback) => {
      try {
        allowed(call);
      } catch (err) {
        const e = toServiceError(err) as grpc.ServiceError;
        if (callback) callback(e);
        else call.emit('error', e);
        return;
      }
      handler(call, callback);
    };
  }
  return out;
}

export const HEALTH_SERVICES = ['', 'lienthong.v1.LinkService', 'lienthong.v1.AgencyService', 'lienthong.v1.AdminService'];

export interface HealthInputs {
  started: boolean;
  draining: boolean;
  storeWritable: boolean;
}

/** Pure: the status every service reports for these inputs. */
export function servingStatus(i: HealthInputs): ServingStatus {
  return i.started && !i.draining && i.storeWritable ? 'SERVING' : 'NOT_SERVING';
}

export class NodeHealth {
  private readonly impl = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((s) => [s, 'NOT_SERVING' as ServingStatus])));
  private current: ServingStatus = 'NOT_SERVING';

  /**
   * Serves health on `server`; with `allowed`, to the callers it lets through only. A request that
   * does not decode is handed to the server's refuseUndecodable interceptor (INVALID_ARGUMENT), as
   * on every other service, not answered INTERNAL by grpc-js.
   */
  addTo(server: grpc.Server, allowed?: CallerCheck): void {
    const proxy = {
      addService: (service: grpc.ServiceDefinition, impl: Record<string, Handler>) =>
        server.addService(tolerantService(service), (allowed ? guarded(impl, allowed) : impl) as never),
    };
    this.impl.addToServer(proxy as never);
  }

  update(inputs: HealthInputs): ServingStatus {
    const next = servingStatus(inputs);
    if (next !== this.current) {
      this.current = next;
      for (const s of HEALTH_SERVICES) this.impl.setStatus(s, next);
    }
    return next;
  }

  get status(): ServingStatus {
    return this.current;
  }
}
