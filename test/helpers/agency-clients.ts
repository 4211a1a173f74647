/** The agency API clients of a test network's agencies, one each, made on first use at its node with its certificate. */
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import { startTestNetwork, type TestNetwork } from './in-process-network.js';

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

/**
 * Inside a `describe`: an in-process network of `topology` started before its tests (links up) and
 * stopped after them, with its agencies' clients (`client(agency)`, closed with it).
 */
export function useAgencyNetwork(topology: NodeSpec[]): { client(agency: string): AgencyClient; readonly t: TestNetwork } {
  let t: TestNetwork | undefined;
  const clients = agencyClients(() => t!);
  before(async () => {
    t = await startTestNetwork(topology);
    await t.waitLinksUp();
  });
  after(async () => {
    clients.closeAll();
    await t?.close();
  });
  return {
    client: (agency) => clients.client(agency),
    get t() {
      return t!;
    },
  };
}
