/**
 * A child's NodeReport is believed inside the child's subtree only: a compromised or buggy child
 * that reports its parent, nodes elsewhere, repeats, or tens of thousands of entries does not show
 * them on the national node's /api/network, and its parent logs one warn line naming it. Real
 * nodes, real mutual TLS on 127.0.0.1, the child played by hand with its real node certificate.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { MAX_REPORT_NODES } from '../../src/node/child-report.js';
import type { NodeView } from '../../src/node/network-view.js';
import { dialAsPeer, type FakePeer } from '../helpers/fake-peer.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const G22 = '000.00.00.G22';
const D = '000.00.24.H44';
const C = '000.46.24.H44';

describe('a child\'s network report', () => {
  let t: TestNetwork;
  let child: FakePeer;
  const lines: { level: number; msg: string; peer?: string; outside?: number; duplicates?: number; overLimit?: number }[] = [];

  before(async () => {
    t = await startTestNetwork([
      { name: 'national', code: G22, agencies: [G22], extra: { http: { listen: '127.0.0.1:0' } } },
      { name: 'd24', code: D, parent: 'national', agencies: [D] },
      { name: 'c46', code: C, parent: 'd24', agencies: [C] },
    ], { logFor: (name) => pino({ level: 'info' }, new Writable({ write: (chunk, _e, cb) => cb(void (name === 'd24' && lines.push(JSON.parse(String(chunk))))) })) });
    await t.waitLinksUp();
    await t.stop('c46');
    child = await dialAsPeer({ address: t.node('d24').address, self: C, nodeCode: D, tls: { ca: join(t.net.pkiDir, 'ca.crt'), cert: join(t.dir, 'c46', 'node-000.46.24.H44.crt'), key: join(t.dir, 'c46', 'node-000.46.24.H44.key') } });
  });
  after(async () => {
    child.close();
    await t.close();
  });

  const network = async (): Promise<NodeView[]> => (await (await fetch(`http://${t.node('national').httpAddress}/api/network`)).json()).nodes;

  it('keeps only the child\'s subtree, each node once, at most MAX_REPORT_NODES of it; one warn line names the child', async () => {
    const below = Array.from({ length: 30_000 }, (_, i) => ({ code: `${(i + 1).toString(36).toUpperCase().padStart(3, '0')}.46.24.H44`, parent: C, state: 'up' }));
    const report = {
      nodes: [
        { code: C, parent: D, state: 'up', level: 3 },
        { code: '000.00.00.H49', parent: G22, state: 'down' },
        { code: D, state: 'down' },
        { code: C, parent: D, state: 'down' },
        ...below,
      ],
    };
    child.send({ report });
    child.send({ report });
    const nodes = await waitFor('the child\'s report at the national node', async () => {
      const n = await network();
      return n.some((x) => x.code === '001.46.24.H44') ? n : null;
    });
    const count = (code: string) => nodes.filter((n) => n.code === code).length;
    assert.equal(count('000.00.00.H49'), 0, 'a node outside the child\'s subtree is not shown');
    assert.equal(count(D), 1, 'the parent is shown once, as itself');
    assert.equal(count(C), 1);
    assert.equal(nodes.find((n) => n.code === C)!.state, 'up', 'the child\'s first entry for itself');
    assert.equal(new Set(nodes.map((n) => n.code)).size, nodes.length, 'no code twice');
    // The district keeps MAX_REPORT_NODES of the child's; the national node as many of the district's (itself included).
    assert.equal(nodes.length, 1 + MAX_REPORT_NODES, 'national, and what its child (the district, with the commune below) may report');

    const warned = lines.filter((l) => l.level === 40 && /network report of child/.test(l.msg));
    assert.equal(warned.length, 1, `one warn line for two reports: ${JSON.stringify(warned)}`);
    assert.equal(warned[0]!.peer, C);
    assert.deepEqual([warned[0]!.outside, warned[0]!.duplicates, warned[0]!.overLimit], [2, 1, 30_000 - (MAX_REPORT_NODES - 1)]);
    assert.match(warned[0]!.msg, new RegExp(`^network report of child ${C.replace(/\./g, '\\.')}: \\d+ of 30004 entries dropped \\(outside its subtree ${C.replace(/\./g, '\\.')}`));
  });
});
