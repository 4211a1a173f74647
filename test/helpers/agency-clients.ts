/** The agency API clients of a test network's agencies, one each, made on first use at its node with its certificate. */
import { join } from 'node:path';
import { AgencyClient } from '../../src/client/agency-client.js';
import type { TestNetwork } from './in-process-network.js';

export function agencyClients(network: () => TestNetwork): { client(agency: string): AgencyClient; closeAll(): void } {
  const clients = new Map<string, AgencyClient>();
  return {
    client(agency) {
      let c = clients.get(agency);
      if (!c) {
        const t = network();
        const node = [...t.net.nodes.values()].find((n) => n.agencies.includes(agency))!;
        c = new AgencyClient({ address: node.address, nodeCode: node.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(agency)! } });
        clients.set(agency, c);
      }
      return c;
    },
    closeAll() {
      for (const c of clients.values()) c.close();
      clients.clear();
    },
  };
}
