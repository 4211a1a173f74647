/**
 * One call cannot make a node hold an unbounded message: gRPC messages above MAX_MESSAGE_BYTES (the
 * largest inline body and its envelope) end with RESOURCE_EXHAUSTED on the agency API and on the
 * link, from a client that would send them (a real node, mutual TLS, a raw gRPC client with the
 * agency's own certificate), and the node goes on serving. Memory is measured by the operator
 * probe and the benchmarks, not asserted here.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { MAX_MESSAGE_BYTES } from '../../src/link/tls-credentials.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';
import { RawGrpcClient } from '../helpers/fuzz-grpc.js';
import { documentInput } from '../helpers/in-process-network.js';

const P = '000.00.00.H44';
const D = '000.00.24.H44';
const TOPOLOGY: NodeSpec[] = [
  { name: 'province', code: P, agencies: [P] },
  { name: 'district', code: D, parent: 'province', agencies: [D] },
];

describe('gRPC messages larger than a node takes (real nodes, mutual TLS)', () => {
  const net = useAgencyNetwork(TOPOLOGY);

  it('an agency call and a link frame over the limit end with RESOURCE_EXHAUSTED; the node serves on', async () => {
    const node = net.t.net.nodes.get('province')!;
    const tls = { ca: join(net.t.net.pkiDir, 'ca.crt'), ...net.t.net.agencyCerts.get(P)! };
    // The district's own node certificate opens a link; the agency's calls the agency API.
    const district = dirname(net.t.net.nodes.get('district')!.configPath);
    const asNode = { ca: tls.ca, cert: join(district, `node-${D}.crt`), key: join(district, `node-${D}.key`) };
    const unlimited = { 'grpc.max_send_message_length': -1 };
    const agency = new RawGrpcClient(node.address, tls, P, unlimited);
    const child = new RawGrpcClient(node.address, asNode, P, unlimited);
    try {
      const tooBig = Buffer.alloc(MAX_MESSAGE_BYTES + 1);
      const send = await agency.unary('/lienthong.v1.AgencyService/Send', tooBig);
      assert.equal(send.outcome.code, grpc.status.RESOURCE_EXHAUSTED, JSON.stringify(send.outcome));
      const link = await child.bidi('/lienthong.v1.LinkService/Connect', [tooBig]);
      assert.equal(link.outcome.code, grpc.status.RESOURCE_EXHAUSTED, JSON.stringify(link.outcome));
    } finally {
      agency.close();
      child.close();
    }
    const sent = await net.client(D).send(documentInput(D, [P], 'sau thông điệp quá lớn'));
    await net.t.waitInbox(P, (m) => m.id === sent.messageId, 'a document sent after the refused messages');
  });
});
