/**
 * A node restarted with another `node.code` on its old data folder would sign checkpoints after
 * the old node's, and `audit verify` would later call the log TAMPERED. It refuses to start,
 * naming both codes and what to do. A real node, its YAML, its SQLite file.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildNetwork, editConfig as editNodeConfig, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { LienthongError } from '../../src/domain/errors.js';
import { loadConfig } from '../../src/node/config-load.js';
import { startNode, type RunningNode } from '../../src/node/node.js';
import { issueToDir } from '../../src/pki/files.js';

const D24 = '000.00.24.H44';
const D25 = '000.00.25.H44';

describe('a data folder another node code signed', () => {
  let dir: string;
  let net: BuiltNetwork;
  let configPath: string;
  let node: RunningNode | null = null;
  const start = () => startNode(loadConfig(configPath), { log: pino({ level: 'silent' }), drainTimeoutMs: 2_000, auditCheckpointEveryMs: 50 });
  const editConfig = (edit: (c: Record<string, unknown>) => void) => editNodeConfig(configPath, edit);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-renamed-'));
    net = await buildNetwork(dir, [{ name: 'd24', code: D24, agencies: [D24] }]);
    configPath = net.nodes.get('d24')!.configPath;
  });
  after(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused at start, naming both codes and what to do; with node.code set back the node starts', async () => {
    node = await start();
    await node.relay.submit({ from: D24, to: [D24], priority: 0, document: { subject: 'Thông báo' }, body: Buffer.from('x') });
    await waitFor('a signed audit checkpoint', () => node!.store.auditCheckpointedSeq() > 0);
    await node.stop();
    node = null;

    // The operator renames the node (new code, its own certificate) but keeps the old data folder.
    const original = readFileSync(configPath, 'utf8');
    const issued = issueToDir(net.pkiDir, { code: D25, role: 'node', outDir: join(dir, 'd24') });
    editConfig((c) => {
      c.node = { ...(c.node as object), code: D25 };
      c.agencies = [D25];
      delete c.signing;
      c.tls = { ...(c.tls as object), cert: issued.certPath, key: issued.keyPath };
    });
    const dataDir = net.nodes.get('d24')!.dataDir;
    // A node that starts anyway is stopped, so the test fails instead of hanging.
    await assert.rejects(start().then(async (n) => n.stop()), (err: unknown) => {
      assert.ok(err instanceof LienthongError, String(err));
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.equal(err.message, `data folder ${dataDir} belongs to node ${D24} (its audit log is signed by it); node.code is ${D25}: ` +
        `give this node its own data folder (node.dataDir), or set node.code back to ${D24}`);
      return true;
    });
    assert.equal(existsSync(join(dataDir, 'node.lock')), false, 'the lock is released');
    assert.ok(existsSync(join(dataDir, 'lienthong.sqlite')), 'the data folder is left as it was');

    writeFileSync(configPath, original);
    node = await start();
  });
});
