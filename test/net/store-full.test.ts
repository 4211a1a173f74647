/**
 * A middle node whose store is full: it refuses new documents with STORE_FULL (the sender keeps
 * them queued and retries), keeps forwarding what it holds, and takes documents again by itself once
 * space returns. Nothing acknowledged is lost, nothing is duplicated. Real nodes, real TLS, real SQLite.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { cli } from '../helpers/cli-run.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

describe('a full store in the middle of the path', () => {
  let t: TestNetwork | undefined;
  after(async () => {
    await t?.close();
  });

  it('refuses with STORE_FULL, the sender retries, and everything drains once space returns', async () => {
    t = await startTestNetwork([
      { name: 'root', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
      { name: 'mid', code: '000.00.24.H44', parent: 'root', agencies: ['000.00.24.H44'], extra: { limits: { maxStoreBytes: '1MiB' } } },
      { name: 'leaf', code: '000.46.24.H44', parent: 'mid', agencies: ['000.46.24.H44'], extra: { retry: { base: '100ms', max: '500ms' } } },
    ]);
    await t.waitLinksUp();
    await t.stop('root');

    const body = (i: number) => Buffer.alloc(24 * 1024, i % 251);
    const ids: string[] = [];
    for (let i = 0; i < 80; i++) {
      ids.push((await t.node('leaf').relay.submit(documentInput('000.46.24.H44', ['000.00.00.H44'], `số ${i}`, body(i)))).messageId);
    }
    const leaf = t.node('leaf');
    await waitFor('the middle node refusing with STORE_FULL', () => /STORE_FULL/.test(leaf.registry.get('000.00.24.H44')?.session?.lastError ?? ''));
    const mid = t.node('mid');
    assert.ok(mid.store.counters().refused > 0, 'refusals are counted at the full node');
    const queuedAtLeaf = leaf.store.outboxDepths().reduce((n, d) => n + d.queued + d.inflight, 0);
    assert.ok(queuedAtLeaf > 0, 'the sender keeps what was refused');
    await assert.rejects(
      mid.relay.submit(documentInput('000.00.24.H44', ['000.00.00.H44'], 'đầy', body(1))),
      (e: Error & { code?: string; message: string }) => e.code === 'STORE_FULL' && /maxStoreBytes/.test(e.message),
      'its own agencies get the same clear refusal',
    );
    // The operator sees it: check fails and status shows it while documents are refused.
    const midConfig = t.net.nodes.get('mid')!.configPath;
    const check = await cli(['check', '-c', midConfig]);
    assert.equal(check.code, 2, check.stdout);
    assert.match(check.stdout, /CRITICAL 000\.00\.24\.H44: store refuses new documents: the store at .* is full: it is at its limit of 1048576 bytes/);
    assert.match((await cli(['status', '-c', midConfig])).stdout, /^ERROR: store refuses new documents: /m);

    await t.start('root');
    for (const id of ids) await t.waitInbox('000.00.00.H44', (m) => m.id === id, `document ${id}`);
    const got = t.node('root').store.inbox('000.00.00.H44', 0, 10_000, true).filter((i) => ids.includes(i.message.id));
    assert.equal(got.length, ids.length, 'every document arrived');
    assert.equal(new Set(got.map((i) => i.message.id)).size, ids.length, 'none twice');
    for (const i of got) assert.ok(i.message.body.equals(body(Number(i.message.document!.subject.split(' ')[1]))), 'byte for byte');
    await waitFor('outboxes empty', () => [leaf, mid].every((n) => n.store.outboxDepths().every((d) => d.queued + d.inflight === 0)));
  });
});
