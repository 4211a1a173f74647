/**
 * A revoke names the earlier document it revokes (ResponseFor). The recipient's software is told,
 * with each inbox item, which message brought that document to it here, or that none did: a revoke
 * of a document sent on paper, before the network, or never sent is delivered all the same, and
 * says so. Real nodes in-process, mutual TLS on 127.0.0.1, SQLite files; the packages go in over
 * SendEdxml and are read over Receive.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
const SENDER = '000.00.00.H49';
const TO = ['000.00.01.H49', '000.00.24.H44'];
const TOPOLOGY: NodeSpec[] = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
  { name: 'h49', code: SENDER, parent: 'national', agencies: [SENDER] },
  { name: 'h49-01', code: TO[0]!, parent: 'h49', agencies: [TO[0]!] },
  { name: 'h44', code: TO[1]!, parent: 'national', agencies: [TO[1]!] },
];
const ORIGINAL_ID = '000.00.00.H49,2025/06/20,1490/UBND-TH';
const REVOKE = readFileSync(`${FIXTURES}revoke.xml`, 'utf8');

/** revoke.xml made into the document it revokes: Công văn 1490/UBND-TH of 2025/06/20, a new document (DocType 0). */
function original(): string {
  const xml = REVOKE.replace(/<edXML:ResponseFor>[\s\S]*?<\/edXML:ResponseFor>\s*/, '')
    .replace('<edXML:CodeNumber>1561</edXML:CodeNumber>', '<edXML:CodeNumber>1490</edXML:CodeNumber>')
    .replace('<edXML:PromulgationDate>2025/06/25</edXML:PromulgationDate>', '<edXML:PromulgationDate>2025/06/20</edXML:PromulgationDate>')
    .replace('<edXML:DocumentId>000.00.00.H49,2025/06/25,1561/UBND-TH</edXML:DocumentId>', `<edXML:DocumentId>${ORIGINAL_ID}</edXML:DocumentId>`)
    .replace('<edXML:BussinessDocType>1</edXML:BussinessDocType>', '<edXML:BussinessDocType>0</edXML:BussinessDocType>');
  return xml;
}

/** A revoke of `documentId` (issued by SENDER), numbered `number`. */
function revokeOf(documentId: string, number: string): string {
  const [, date, code] = documentId.split(',');
  return REVOKE.replaceAll(ORIGINAL_ID, documentId)
    .replace('<edXML:Code>1490/UBND-TH</edXML:Code>', `<edXML:Code>${code}</edXML:Code>`)
    .replace('<edXML:PromulgationDate>2025/06/20</edXML:PromulgationDate>', `<edXML:PromulgationDate>${date}</edXML:PromulgationDate>`)
    .replaceAll('1561', number);
}

async function* once(xml: string): AsyncGenerator<Buffer> {
  yield Buffer.from(xml);
}

describe('a revoke tells its recipients which message brought the document it revokes', () => {
  const net = useAgencyNetwork(TOPOLOGY);

  /** What `recipient`'s inbox item for `messageId` says of the earlier documents, once it is there. */
  async function earlierAt(recipient: string, messageId: string) {
    await net.t.waitInbox(recipient, (m) => m.id === messageId, `${messageId} at ${recipient}`);
    const item = (await net.client(recipient).inbox(recipient)).find((i) => i.message?.id === messageId);
    assert.ok(item, `${messageId} in the inbox of ${recipient}`);
    return item.earlier.map((e) => ({ documentId: e.documentId, messageId: e.messageId }));
  }

  it('the revoke of a document each recipient received names that document\'s message', async () => {
    const sent = await net.client(SENDER).sendEdxml(once(original()));
    for (const r of TO) assert.deepEqual(await earlierAt(r, sent.messageId), [], `a new document names none (${r})`);
    const revoke = await net.client(SENDER).sendEdxml(once(REVOKE));
    for (const r of TO) assert.deepEqual(await earlierAt(r, revoke.messageId), [{ documentId: ORIGINAL_ID, messageId: sent.messageId }], r);
  });

  it('the revoke of a document that never reached the recipient is delivered, and says no message brought it', async () => {
    const never = '000.00.00.H49,2025/06/21,1491/UBND-TH';
    const revoke = await net.client(SENDER).sendEdxml(once(revokeOf(never, '1562')));
    for (const r of TO) assert.deepEqual(await earlierAt(r, revoke.messageId), [{ documentId: never, messageId: '' }], r);
  });
});
