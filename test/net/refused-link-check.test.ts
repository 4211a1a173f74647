/**
 * A child whose parent does not list it among its children is refused on every attempt
 * (NOT_AUTHORIZED): a configuration error that waiting does not fix. `lienthong check` on the child
 * says so at once (CRITICAL, exit 2), not only after check.linkDownAfter (5 minutes), and `status`
 * shows it. Real `lienthong start` processes, real mutual TLS on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { buildNetwork } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { cli } from '../helpers/cli-run.js';

describe('a link the parent refuses for good, as check and status report it (real processes)', () => {
  let dir: string;
  let childConfig: string;
  const procs: NodeProcess[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-refused-link-'));
    const net = await buildNetwork(dir, [
      { name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
      { name: 'commune', code: '000.00.07.H44', parent: 'province', agencies: ['000.00.07.H44'] },
    ]);
    // The province's operator has not added the commune to its children (yet).
    const provinceConfig = net.nodes.get('province')!.configPath;
    const yaml = parse(readFileSync(provinceConfig, 'utf8')) as { children?: unknown[] };
    yaml.children = [];
    writeFileSync(provinceConfig, stringify(yaml));
    childConfig = net.nodes.get('commune')!.configPath;
    for (const [name, path] of [['province', provinceConfig], ['commune', childConfig]] as const) {
      const p = new NodeProcess(name, path);
      await p.start();
      procs.push(p);
    }
  });
  after(async () => {
    for (const p of procs) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is CRITICAL in check at once, naming the refusal and what to change', async () => {
    const r = await waitFor('check to see the refusal', async () => {
      const c = await cli(['check', '-c', childConfig]);
      return c.code === 2 ? c : null;
    }, 30_000, 200);
    assert.match(r.stdout, /^CRITICAL 000\.00\.07\.H44: link to parent 000\.00\.00\.H44 is refused \(retrying does not fix it\): .*not a configured child or lateral peer of 000\.00\.00\.H44: add it to children/m);
    const s = JSON.parse((await cli(['status', '--json', '-c', childConfig])).stdout) as { links: { peerCode: string; refused: boolean }[]; warnings: string[] };
    assert.equal(s.links.find((l) => l.peerCode === '000.00.00.H44')?.refused, true);
    assert.ok(s.warnings.some((w) => /is refused \(retrying does not fix it\)/.test(w)), JSON.stringify(s.warnings));
  });
});
