/**
 * The standard gRPC health service (grpc.health.v1) of a node: SERVING only while the node is
 * started, not draining, and its store takes new documents. Served on the peer port and on the admin
 * socket, for the whole server ("") and per service.
 */
import type * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

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

  addTo(server: grpc.Server): void {
    this.impl.addToServer(server as never);
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
