/**
 * Which document a status package answers. It names the document by its edXML DocumentId, or by
 * OrganId, PromulgationDate and Code: the answer goes to the document that issuer sent, never to
 * another agency's document that reused its DocumentId, and documents sent without edXML (or
 * without a DocumentId) can be answered by the id their export carries.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openLoneNode, type LoneNode } from '../helpers/lone-node.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H41 = '000.00.00.H41';

/** status-03.xml with its ResponseFor replaced. */
function statusFor(responseFor: string): string {
  return readFileSync(join(FIXTURES, 'status-03.xml'), 'utf8').replace(/<edXML:ResponseFor>[\s\S]*?<\/edXML:ResponseFor>/, `<edXML:ResponseFor>${responseFor}</edXML:ResponseFor>`);
}

describe('which document a status package answers', () => {
  let node: LoneNode;
  beforeEach(() => {
    node = openLoneNode(G22, [H49, H41]);
  });
  afterEach(() => node.close());

  const send = (as: string, xml: string) => node.sendXml(as, xml);
  /** The document the status sent by H49 is about. */
  const answered = async (xml: string): Promise<string> => {
    const r = await send(H49, xml);
    assert.equal(r.kind, 'status');
    if (r.kind !== 'status') return '';
    const [id] = r.statusMessageIds;
    return node.store.message(id!)!.message.status!.refMessageId;
  };

  it('goes to the issuer\'s document, not to a later one of another agency reusing its DocumentId', async () => {
    const congVan = readFileSync(join(FIXTURES, 'cong-van.xml'), 'utf8');
    const genuine = await send(G22, congVan);
    // H41 sends H49 a package claiming VPCP's DocumentId.
    const forged = congVan
      .replace(`<edXML:OrganId>${H41}</edXML:OrganId>`, '<edXML:OrganId>TO-G22</edXML:OrganId>')
      .replace(`<edXML:OrganId>${G22}</edXML:OrganId>`, `<edXML:OrganId>${H41}</edXML:OrganId>`)
      .replace('TO-G22', G22);
    const later = await send(H41, forged);
    assert.ok(genuine.kind === 'document' && later.kind === 'document');
    if (genuine.kind !== 'document' || later.kind !== 'document') return;
    assert.equal(node.store.message(later.submit.messageId)!.message.from, H41);
    const about = await answered(readFileSync(join(FIXTURES, 'status-03.xml'), 'utf8'));
    assert.equal(about, genuine.submit.messageId, 'the status is about VPCP\'s document');
  });

  it('answers a document forwarded under its first issuer\'s DocumentId when ResponseFor names no OrganId', async () => {
    const congVan = readFileSync(join(FIXTURES, 'cong-van.xml'), 'utf8');
    const forwarded = congVan
      .replace(`<edXML:OrganId>${H41}</edXML:OrganId>`, '<edXML:OrganId>TO-G22</edXML:OrganId>')
      .replace(`<edXML:OrganId>${G22}</edXML:OrganId>`, `<edXML:OrganId>${H41}</edXML:OrganId>`)
      .replace('TO-G22', G22);
    const sent = await send(H41, forwarded);
    assert.ok(sent.kind === 'document');
    if (sent.kind !== 'document') return;
    const about = await answered(statusFor(`<edXML:DocumentId>${G22},2025/06/30,7816/VPCP-TTĐT</edXML:DocumentId>`));
    assert.equal(about, sent.submit.messageId);
  });

  it('answers a document sent without edXML, by its exported DocumentId or by OrganId, date and Code', async () => {
    const sent = await node.relay.submit({
      from: G22, to: [H49], priority: 0, body: Buffer.from('Báo cáo'),
      document: { subject: 'Báo cáo tình hình', codeNumber: '88', codeNotation: 'BC-UBND', promulgationDate: '2026-11-20' },
    });
    const byId = await answered(statusFor(`<edXML:DocumentId>${G22},2026/11/20,88/BC-UBND</edXML:DocumentId>`));
    assert.equal(byId, sent.messageId);
    const byCode = await answered(statusFor(`<edXML:OrganId>${G22}</edXML:OrganId><edXML:Code>88/BC-UBND</edXML:Code><edXML:PromulgationDate>2026/11/20</edXML:PromulgationDate>`));
    assert.equal(byCode, sent.messageId);
  });

  it('never answers one of two documents without a number by the id "sender,date," they would share', async () => {
    const plain = (subject: string) => node.relay.submit({ from: G22, to: [H49], priority: 0, body: Buffer.from(subject), document: { subject, promulgationDate: '2026-11-20' } });
    await plain('Thông báo thứ nhất');
    await plain('Thông báo thứ hai');
    await assert.rejects(send(H49, statusFor(`<edXML:DocumentId>${G22},2026/11/20,</edXML:DocumentId>`)), (err: Error & { code?: string }) => err.code === 'NOT_FOUND');
  });

  it('answers a package that came without a DocumentId by OrganId, date and Code', async () => {
    const congVan = readFileSync(join(FIXTURES, 'cong-van.xml'), 'utf8').replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, '');
    const sent = await send(G22, congVan);
    assert.ok(sent.kind === 'document');
    if (sent.kind !== 'document') return;
    const about = await answered(statusFor(`<edXML:OrganId>${G22}</edXML:OrganId><edXML:Code>7816/VPCP-TTĐT</edXML:Code><edXML:PromulgationDate>2025/06/30</edXML:PromulgationDate>`));
    assert.equal(about, sent.submit.messageId);
  });

  it('names what it looked for when no such document was sent or received', async () => {
    await assert.rejects(send(H49, statusFor(`<edXML:OrganId>${G22}</edXML:OrganId><edXML:Code>1/KH</edXML:Code><edXML:PromulgationDate>2026/01/02</edXML:PromulgationDate>`)), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'NOT_FOUND');
      assert.equal(err.message, `edXML/edXMLEnvelope/edXMLHeader/Status/ResponseFor: no document ${G22},2026/01/02,1/KH (OrganId, PromulgationDate and Code) issued by ${G22} was sent or received by ${H49} on this node`);
      return true;
    });
  });
});
