/**
 * An independent client calls the agency API: `buf curl` (Buf's own gRPC client, written in Go,
 * from the @bufbuild/buf package) with the agency's client certificate and the .proto files.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');

describe('buf curl against the agency API', () => {
  let t: TestNetwork;
  before(async () => {
    t = await startTestNetwork([{ name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44', '000.00.01.H44'] }]);
  });
  after(async () => {
    await t.close();
  });

  const curl = async (agency: string, method: string, data: object) => {
    const node = t.net.nodes.get('province')!;
    const cert = t.net.agencyCerts.get(agency)!;
    const r = await run(BUF, [
      'curl', '--schema', join(ROOT, 'proto'), '--protocol', 'grpc', '--http2-prior-knowledge',
      '--cacert', join(t.net.pkiDir, 'ca.crt'), '--cert', cert.cert, '--key', cert.key,
      '--data', JSON.stringify(data), `https://${node.address}/lienthong.v1.AgencyService/${method}`,
    ], { timeout: 30_000 });
    return r.stdout;
  };

  it('sends a document and receives it, as the agency its certificate names', async () => {
    const body = Buffer.from('Công văn gửi bằng buf curl').toString('base64');
    const sent = JSON.parse(await curl('000.00.00.H44', 'Send', {
      from: '000.00.00.H44', to: ['000.00.01.H44'], priority: 1, body,
      document: { subject: 'Thử nghiệm với buf curl', documentType: 'Công văn' },
    }));
    assert.match(sent.messageId, /^[0-9a-f-]{36}$/);
    assert.equal(sent.routes[0].decision, 'local');
    const out = await curl('000.00.01.H44', 'Receive', { agency: '000.00.01.H44', follow: false });
    const items = out.trim().split(/\n(?=\{)/).map((x) => JSON.parse(x));
    const mine = items.find((r) => r.item.message.id === sent.messageId);
    assert.ok(mine, 'the document is in the recipient\'s stream');
    assert.equal(Buffer.from(mine.item.message.body, 'base64').toString(), 'Công văn gửi bằng buf curl');
    assert.equal(mine.item.message.document.subject, 'Thử nghiệm với buf curl');
    await assert.rejects(curl('000.00.01.H44', 'Send', { from: '000.00.00.H44', to: ['000.00.01.H44'], document: { subject: 'x' } }), /SENDER_NOT_ALLOWED/);
  });
});
