/**
 * The network view's data: summaries travel up the links, so the national node's /api/network
 * shows the whole tree; a stopped node and everything below it turn down, and its parent's backlog
 * for it shows on the link. Real nodes, real TLS, real HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import type { NodeView } from '../../src/node/network-view.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

describe('network view API', () => {
  let t: TestNetwork;
  before(async () => {
    t = await startTestNetwork([
      { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'], extra: { http: { listen: '127.0.0.1:0' } } },
      { name: 'h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44'] },
      { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
      { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44'] },
    ]);
    await t.waitLinksUp();
  });
  after(async () => {
    await t.close();
  });

  const network = async (): Promise<NodeView[]> => (await (await fetch(`http://${t.node('national').httpAddress}/api/network`)).json()).nodes;

  it('shows the whole subtree at the national node, with parents', async () => {
    const nodes = await waitFor('the commune reported up to the national node', async () => {
      const n = await network();
      return n.find((x) => x.code === '000.46.24.H44' && x.level === 3) ? n : null;
    });
    const byCode = new Map(nodes.map((n) => [n.code, n]));
    assert.deepEqual([...byCode.keys()].sort(), ['000.00.00.G22', '000.00.00.H44', '000.00.24.H44', '000.46.24.H44']);
    assert.equal(byCode.get('000.46.24.H44')!.parent, '000.00.24.H44');
    assert.ok(nodes.every((n) => n.state === 'up'));
  });

  it('turns a stopped node and its subtree down, and shows the backlog its parent holds', async () => {
    await t.stop('d24');
    await t.node('national').relay.submit(documentInput('000.00.00.G22', ['000.46.24.H44'], 'chờ huyện'));
    const nodes = await waitFor('the district down with its backlog', async () => {
      const n = await network();
      const d = n.find((x) => x.code === '000.00.24.H44');
      const parentLink = n.find((x) => x.code === '000.00.00.H44')?.links.find((l) => l.peer === '000.00.24.H44');
      return d?.state === 'down' && (parentLink?.outboxDepth ?? 0) > 0 ? n : null;
    }, 20_000);
    assert.equal(nodes.find((x) => x.code === '000.46.24.H44')!.state, 'down', 'nothing below a silent node is heard');
    await t.start('d24');
    await waitFor('everything up again', async () => (await network()).every((n) => n.state === 'up' && n.outboxTotal === 0), 20_000);
  });
});
