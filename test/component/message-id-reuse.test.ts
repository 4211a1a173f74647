/**
 * A message id names one document. Sent again under its id, the same document is "already sent"
 * (a retry after a lost answer, even made later or with its edXML trace rewritten); another
 * document under that id is refused, whatever differs: the header (subject, number, priority), the text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openLoneNode, type LoneNode } from '../helpers/lone-node.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
const G22 = '000.00.00.G22';
const ID = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f74';

describe('a message id names one document', () => {
  let now: number;
  let node: LoneNode;
  beforeEach(() => {
    now = Date.UTC(2026, 10, 20, 3, 0, 0);
    node = openLoneNode(G22, ['000.00.00.H49', '000.00.00.H41'], () => now);
  });
  afterEach(() => node.close());

  const send = (xml: string) => node.sendXml(G22, xml, { messageId: ID });
  const congVan = readFileSync(join(FIXTURES, 'cong-van.xml'), 'utf8');

  it('the same package again, later and with its trace rewritten, is already sent', async () => {
    const first = await send(congVan);
    assert.equal(first.kind === 'document' && first.submit.duplicate, false);
    now += 60_000;
    const retried = congVan.replace(/<edXML:Timestamp>[^<]*<\/edXML:Timestamp>/, '<edXML:Timestamp>2025/06/30 15:43:10</edXML:Timestamp>');
    assert.notEqual(retried, congVan, 'the fixture has a trace timestamp to rewrite');
    const again = await send(retried);
    assert.equal(again.kind === 'document' && again.submit.duplicate, true);
    assert.equal(node.store.counters().accepted, 1);
  });

  for (const [what, change] of [
    ['another subject', (x: string) => x.replace(/<edXML:Subject>([^<]*)<\/edXML:Subject>/, '<edXML:Subject>$1 (bản sửa)</edXML:Subject>')],
    ['another priority', (x: string) => x.replace(/<edXML:Priority>\d<\/edXML:Priority>/, '<edXML:Priority>4</edXML:Priority>')],
    ['another number', (x: string) => x.replace(/<edXML:CodeNumber>([^<]*)<\/edXML:CodeNumber>/, '<edXML:CodeNumber>9$1</edXML:CodeNumber>')],
  ] as const) {
    it(`a package with ${what} under the id of one already sent is refused, not "already sent"`, async () => {
      await send(congVan);
      const other = change(congVan);
      assert.notEqual(other, congVan, `the fixture can be given ${what}`);
      await assert.rejects(send(other), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'INVALID_ARGUMENT');
        assert.match(err.message, new RegExp(`^message id ${ID} is already used by another document \\(its sender, header, text or files differ\\): send this one under a new id$`));
        return true;
      });
      assert.equal(node.store.counters().accepted, 1);
    });
  }

  it('the same package to other recipients under its id is refused for its recipients, not as another document', async () => {
    await send(congVan);
    const fewer = congVan.replace(/<edXML:To>(?:(?!<\/edXML:To>)[\s\S])*000\.00\.00\.H41[\s\S]*?<\/edXML:To>/, '');
    assert.notEqual(fewer, congVan, 'the fixture has a To to drop');
    await assert.rejects(send(fewer), /message 0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f74 was sent to .*: a document's recipients cannot change after it is sent/);
  });

  it('a plain document with another subject or priority under a used id is refused', async () => {
    const input = { messageId: ID, from: G22, to: ['000.00.00.H49'], priority: 0 as const, document: { subject: 'Giấy mời họp' }, body: Buffer.from('Kính mời') };
    const first = await node.relay.submit(input);
    const again = await node.relay.submit(input);
    assert.equal(again.duplicate, true);
    assert.deepEqual(again.routes, first.routes, 'a resend\'s answer says how its recipients route, as the first did');
    assert.equal(again.routes.length, 1);
    await assert.rejects(node.relay.submit({ ...input, document: { subject: 'Giấy mời họp (lần 2)' } }), /already used by another document/);
    await assert.rejects(node.relay.submit({ ...input, priority: 3 }), /already used by another document/);
  });
});
