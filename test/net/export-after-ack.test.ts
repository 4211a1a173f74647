/**
 * ExportEdxml of a document whose body the node has released (its recipient acknowledged it) is
 * refused before the first byte, saying so and what to do, instead of answering a package with an
 * empty manifest that passes for the whole document. Before the acknowledgement the same call gives
 * the body as the package's attachment. A real node on 127.0.0.1, gRPC with mutual TLS, SQLite.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';
import { parseHashing } from '../helpers/edxml-blob-dir.js';
import type { DocumentPackage } from '../../src/edxml/edxml-types.js';

const A = '000.00.00.H44';
const B = '000.00.01.H44';
const TOPOLOGY: NodeSpec[] = [{ name: 'h44', code: A, agencies: [A, B] }];

async function exported(chunks: AsyncGenerator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe('ExportEdxml after Acknowledge (a real node, gRPC + mutual TLS)', () => {
  const net = useAgencyNetwork(TOPOLOGY);

  it('exports the body before the acknowledgement and refuses, saying why, once it is released', async () => {
    const body = Buffer.from('Báo cáo tình hình tháng 11 '.repeat(4000));
    const sent = await net.client(A).send({ from: A, to: [B], document: { subject: 'Báo cáo', fileName: 'bao-cao.txt' }, body });
    await net.t.waitInbox(B, (m) => m.id === sent.messageId);

    const before = (await parseHashing(net.client(B).exportEdxml(B, sent.messageId))) as DocumentPackage;
    assert.equal(before.attachments.length, 1, 'the body is the package\'s attachment');
    assert.equal(before.attachments[0]!.size, body.length);

    await net.client(B).acknowledge(B, [sent.messageId]);
    for (const agency of [B, A]) {
      await assert.rejects(
        exported(net.client(agency).exportEdxml(agency, sent.messageId)),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'NOT_FOUND', e.message);
          assert.match(e.message, new RegExp(`the body of document ${sent.messageId} is no longer held on node ${A}: .*export a document before acknowledging it`));
          return true;
        },
        `${agency === B ? 'the recipient' : 'the sender'} is told the body is gone, not handed an empty package`,
      );
    }
  });
});
