/**
 * An agency attached at a node whose code does not hold the agency's: the remedy the start-up
 * warning (AGENCY_OUTSIDE_SUBTREE) suggests works. With the code in the parent's
 * `children[].subtrees` for that node, the parent takes the agency's documents (a child may only
 * hand over senders in its subtrees) and routes documents for it down to it. Real nodes, real TLS.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const D24 = '000.00.24.H44';
const C46 = '000.46.24.H44';
/** Commune 01's code, attached at commune 46. */
const A01 = '000.01.24.H44';

describe('an agency attached outside its node\'s subtree', () => {
  let t: TestNetwork;
  const lines: { code?: string; msg: string }[] = [];
  const logFor = (name: string) =>
    pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, cb) => cb(void (name === 'c46' && lines.push(JSON.parse(String(chunk))))) }));

  before(async () => {
    t = await startTestNetwork([
      { name: 'd24', code: D24, agencies: [D24], extra: { children: [{ code: C46, subtrees: [C46, A01] }] } },
      { name: 'c46', code: C46, parent: 'd24', agencies: [C46, A01] },
    ], { logFor });
    await t.waitLinksUp();
  });
  after(async () => {
    await t.close();
  });

  it('sends and receives once the parent lists it under the child\'s subtrees, as the warning says', async () => {
    const warned = lines.find((l) => l.code === 'AGENCY_OUTSIDE_SUBTREE');
    assert.ok(warned, `the child warns at start: ${JSON.stringify(lines)}`);
    assert.ok(warned.msg.includes(`unless its configuration lists ${A01} among the subtrees of ${C46} under children[]. Attach it at the node whose subtree holds its code; or, to keep it here, add ${A01} to those subtrees on ${D24} `), warned.msg);

    const up = await t.node('c46').relay.submit({ from: A01, to: [D24], priority: 0, document: { subject: 'Báo cáo' }, body: Buffer.from('lên') });
    await t.waitInbox(D24, (m) => m.id === up.messageId, 'the agency\'s document, taken by the parent');
    const down = await t.node('d24').relay.submit({ from: D24, to: [A01], priority: 0, document: { subject: 'Công văn' }, body: Buffer.from('xuống') });
    await t.waitInbox(A01, (m) => m.id === down.messageId, 'a document for the agency, routed down to it');
  });
});
