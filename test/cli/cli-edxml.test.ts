/**
 * edXML through the CLI as an operator runs it, against nodes started as processes: a fixture
 * package sent with `send --edxml`, listed and exported with `inbox export` at the recipient's node,
 * a status package answering it, and a malformed package refused with its element path.
 */
import assert from 'node:assert/strict';
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildNetwork, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { cli } from '../helpers/cli-run.js';
import { createHash, randomBytes } from 'node:crypto';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { AttachmentSink, EdxmlPackage } from '../../src/edxml/edxml-types.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));

/** Parses a package file, hashing attachments in memory. */
function parseFile(path: string): Promise<EdxmlPackage> {
  const sink: AttachmentSink = {
    begin: () => {
      const parts: Buffer[] = [];
      return {
        write: async (b) => void parts.push(Buffer.from(b)),
        finish: async () => {
          const all = Buffer.concat(parts);
          const { createHash } = await import('node:crypto');
          return { sha256: createHash('sha256').update(all).digest('hex'), size: all.length };
        },
        abort: async () => undefined,
      };
    },
  };
  return parseEdxml(createReadStream(path), sink, { now: Date.now });
}

describe('edXML with the CLI against running nodes', () => {
  let dir: string;
  let net: BuiltNetwork;
  const procs: NodeProcess[] = [];
  const config = (name: string) => net.nodes.get(name)!.configPath;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-cli-edxml-'));
    net = await buildNetwork(dir, [
      { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
      { name: 'h49', code: '000.00.00.H49', parent: 'national', agencies: ['000.00.00.H49'] },
      { name: 'h41', code: '000.00.00.H41', parent: 'national', agencies: ['000.00.00.H41'] },
    ]);
    for (const n of net.nodes.values()) {
      const p = new NodeProcess(n.name, n.configPath, 'info');
      await p.start();
      procs.push(p);
    }
    await waitFor('both provinces linked', async () => {
      const s = JSON.parse((await cli(['status', '-c', config('national'), '--json'])).stdout);
      return s.links.every((l: { state: string }) => l.state === 'up');
    });
  });
  after(async () => {
    for (const p of procs) await p.kill();
    if (!process.env.LIENTHONG_KEEP_TEST_DIR) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a công văn package, lists it at a recipient and exports the same document with its trace', async () => {
    const fixture = join(FIXTURES, 'cong-van.xml');
    const sent = await cli(['send', '-c', config('national'), '--edxml', fixture, '--json']);
    assert.equal(sent.code, 0, sent.stderr);
    const messageId = JSON.parse(sent.stdout).messageId as string;
    assert.match(messageId, /^[0-9a-f-]{36}$/);

    await waitFor('the package in the inbox of 000.00.00.H49', async () => {
      const r = await cli(['inbox', '-c', config('h49'), '--agency', '000.00.00.H49']);
      return r.stdout.includes(messageId) && r.stdout.includes('1 attachment(s)') ? r : undefined;
    });

    const out = join(dir, 'export');
    const exported = await cli(['inbox', 'export', '-c', config('h49'), '--agency', '000.00.00.H49', '--out', out]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(readdirSync(out), [`${messageId}.xml`]);
    const original = await parseFile(fixture);
    const back = await parseFile(join(out, `${messageId}.xml`));
    assert.equal(back.kind, 'document');
    assert.equal(original.kind, 'document');
    if (back.kind !== 'document' || original.kind !== 'document') return;
    assert.deepEqual(back.header, original.header);
    assert.deepEqual(back.business, original.business);
    assert.deepEqual(back.attachments, original.attachments);
    assert.deepEqual(back.traceHeaders.slice(0, original.traceHeaders.length), original.traceHeaders);
    assert.deepEqual(back.traceHeaders.slice(original.traceHeaders.length).map((h) => h.organId), ['000.00.00.G22', '000.00.00.H49']);

    // A stored file damaged on disk: the export fails, saying so, and leaves no half file.
    const sha = original.attachments[0]!.sha256;
    const stored = join(net.nodes.get('h49')!.dataDir, 'attachments', 'complete', sha.slice(0, 2), sha);
    const fd = openSync(stored, 'r+');
    writeSync(fd, Buffer.from('X'), 0, 1, 10);
    closeSync(fd);
    const damagedOut = join(dir, 'export-damaged');
    const damaged = await cli(['inbox', 'export', messageId, '-c', config('h49'), '--agency', '000.00.00.H49', '--out', damagedOut]);
    assert.equal(damaged.code, 1);
    assert.match(damaged.stderr, /ATTACHMENT_CORRUPT/);
    assert.deepEqual(readdirSync(damagedOut), [], 'no half-written package left');

    // The recipient answers with a status package (03 registered); it reaches the sender.
    const status = await cli(['send', '-c', config('h49'), '--edxml', join(FIXTURES, 'status-03.xml')]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^status sent/);
    // The same package again (a retry after a lost answer): nothing new goes out, and it says so.
    const again = await cli(['send', '-c', config('h49'), '--edxml', join(FIXTURES, 'status-03.xml')]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^status already sent: nothing new sent/);
    await waitFor('status 03 at the sender', async () => {
      const r = await cli(['inbox', '-c', config('national'), '--agency', '000.00.00.G22']);
      return r.stdout.includes(`status 03`) && r.stdout.includes(messageId) ? r : undefined;
    });
  });

  it('refuses a malformed package, naming the element and the rule, and sends nothing', async () => {
    const r = await cli(['send', '-c', config('national'), '--edxml', join(FIXTURES, 'bad', 'missing-to.xml')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /INVALID_EDXML/);
    assert.match(r.stderr, /MessageHeader\/To/);
    // A package whose sender is not attached to the node it is handed to says so, naming the element.
    const elsewhere = await cli(['send', '-c', config('h49'), '--edxml', join(FIXTURES, 'cong-van.xml')]);
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /From\/OrganId 000\.00\.00\.G22 is not an agency attached to node 000\.00\.00\.H49 \(attached: 000\.00\.00\.H49\)/);
  });

  it('reports a refusal that comes while a large package is still being sent, instead of hanging', async () => {
    // 24 MiB of base64 with a bad character after 4 MiB: the node refuses the package long before
    // the CLI has sent it all, while the call's buffers are full (it used to wait for a 'drain' that
    // never came and exit 13 in silence).
    const fixture = readFileSync(join(FIXTURES, 'cong-van.xml'), 'utf8');
    const open = fixture.indexOf('>', fixture.indexOf('<edXML:ContentTransferEncoded')) + 1;
    const close = fixture.indexOf('</edXML:ContentTransferEncoded>');
    const big = join(dir, 'bad-base64-late.xml');
    const fd = openSync(big, 'w');
    writeSync(fd, fixture.slice(0, open));
    const line = `${'QUJD'.repeat(19)}\n`;
    const block = line.repeat(Math.ceil((1024 * 1024) / line.length));
    for (let i = 0; i < 24; i++) writeSync(fd, i === 4 ? `!!!!${block.slice(4)}` : block);
    writeSync(fd, fixture.slice(close));
    closeSync(fd);
    const r = await cli(['send', '-c', config('national'), '--edxml', big]);
    assert.equal(r.code, 1, `exit ${r.code}, stderr: ${r.stderr}`);
    assert.match(r.stderr, /INVALID_EDXML/);
    assert.match(r.stderr, /ContentTransferEncoded/);
  });

  it('sends files of any size as attachments with --attach, and refuses a body over limits.maxBodyBytes inline, saying to use --attach', async () => {
    const big = join(dir, 'Hồ sơ dự án.pdf');
    const appendix = join(dir, 'phu-luc.xlsx');
    const bigBytes = randomBytes(12 * 1024 * 1024);
    writeFileSync(big, bigBytes);
    writeFileSync(appendix, randomBytes(1000));
    const inline = await cli(['send', '-c', config('national'), '--from', '000.00.00.G22', '--to', '000.00.00.H41', '--subject', 'Hồ sơ lớn', '--file', big]);
    assert.equal(inline.code, 1, inline.stdout);
    assert.match(inline.stderr, /DOCUMENT_TOO_LARGE: the document's body is 12\.0 MiB \(12582912 bytes\), this node takes at most 8\.0 MiB \(8388608 bytes\) inline \(limits\.maxBodyBytes\): send the file as an attachment instead \(`lienthong send --attach FILE`/);

    const sent = await cli(['send', '-c', config('national'), '--from', '000.00.00.G22', '--to', '000.00.00.H41', '--subject', 'Hồ sơ lớn', '--text', 'Kính gửi UBND tỉnh', '--file', big, '--attach', appendix, '--json']);
    assert.equal(sent.code, 0, sent.stderr);
    const res = JSON.parse(sent.stdout) as { messageId: string; attachmentBytes: string };
    assert.equal(Number(res.attachmentBytes), bigBytes.length + 1000);
    const out = join(dir, 'export-attached');
    await waitFor('the document at 000.00.00.H41', async () => {
      const r = await cli(['inbox', '-c', config('h41'), '--agency', '000.00.00.H41']);
      return r.stdout.includes(res.messageId) ? r : undefined;
    });
    const exported = await cli(['inbox', 'export', res.messageId, '-c', config('h41'), '--agency', '000.00.00.H41', '--out', out]);
    assert.equal(exported.code, 0, exported.stderr);
    const back = await parseFile(join(out, `${res.messageId}.xml`));
    assert.equal(back.kind, 'document');
    if (back.kind !== 'document') return;
    assert.equal(back.header.subject, 'Hồ sơ lớn');
    assert.equal(back.header.content, 'Kính gửi UBND tỉnh');
    assert.deepEqual(back.attachments.map((a) => [a.attachmentName, a.contentType, a.size, a.sha256]), [
      ['Hồ sơ dự án.pdf', 'application/pdf', bigBytes.length, createHash('sha256').update(bigBytes).digest('hex')],
      ['phu-luc.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 1000, createHash('sha256').update(readFileSync(appendix)).digest('hex')],
    ]);
  });
});
