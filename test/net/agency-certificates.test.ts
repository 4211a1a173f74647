/**
 * An agency's certificate problems, seen by the agency and by the node's operator (a real node,
 * mutual TLS on 127.0.0.1): AgencyClient says its own certificate has expired (or is not valid yet)
 * instead of "node unreachable", and `lienthong status` warns of an agency's client certificate,
 * as presented on its calls, that expires within the warning window.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgencyClient } from '../../src/client/agency-client.js';
import { LienthongError } from '../../src/domain/errors.js';
import { issueToDir } from '../../src/pki/files.js';
import { cli } from '../helpers/cli-run.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const DAY = 86_400_000;
const D24 = '000.00.24.H44';
const A46 = '000.46.24.H44';

describe('agency certificates (real node, real TLS)', () => {
  let t: TestNetwork;
  const ca = () => join(t.net.pkiDir, 'ca.crt');
  const issue = (name: string, days: number, backDays = 0) =>
    issueToDir(t.net.pkiDir, { code: A46, role: 'agency', outDir: join(t.dir, name), validDays: days, nowMs: Date.now() - backDays * DAY });
  const clientWith = (pair: { certPath: string; keyPath: string }, now?: () => number) =>
    new AgencyClient({ address: t.node('d24').address, nodeCode: D24, tls: { ca: ca(), cert: pair.certPath, key: pair.keyPath }, ...(now ? { now } : {}) });

  before(async () => {
    t = await startTestNetwork([{ name: 'd24', code: D24, agencies: [D24, A46] }]);
  });
  after(async () => {
    await t.close();
  });

  const invalid = (pattern: RegExp) => (err: unknown) => {
    assert.ok(err instanceof LienthongError, String(err));
    assert.equal(err.code, 'CERTIFICATE_INVALID', err.message);
    assert.match(err.message, pattern);
    return true;
  };

  it('an expired certificate: the client says so when it is made, not "node unreachable" at the first call', () => {
    const expired = issue('expired', 5, 10);
    const on = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
    assert.throws(
      () => clientWith(expired),
      invalid(new RegExp(`^this agency's certificate \\(tls\\.cert .*, serial [0-9A-F]+\\) expired on ${on}T[\\d:]+Z \\(valid from .*; this machine's clock reads .*\\): the node refuses it; ask the network CA for a new one \\(\`lienthong pki issue --role agency --code 000\\.46\\.24\\.H44\`\\) and install it with its key\\. If this machine's clock is wrong, set it right instead`)),
    );
  });

  it('a certificate not valid yet by this machine\'s clock: the client points at the clock', () => {
    const fresh = issue('fresh', 30);
    assert.throws(() => clientWith(fresh, () => Date.now() - 2 * DAY), invalid(/^this agency's certificate .* is not valid until .* but this machine's clock reads .*: check this machine's clock/));
  });

  it('a certificate that expired since the client was made: a call the node refuses says so too', async () => {
    const expired = issue('expired-later', 5, 10);
    let now = Date.now() - 7 * DAY; // made while this machine's clock still thought it valid
    const client = clientWith(expired, () => now);
    now = Date.now();
    try {
      await assert.rejects(client.send(documentInput(A46, [D24], 'sau khi hết hạn')), invalid(/^this agency's certificate .* expired on .*: the node refuses it/));
      await assert.rejects(client.inbox(A46), invalid(/expired on/));
    } finally {
      client.close();
    }
  });

  it('status warns of an agency client certificate seen on a call that expires within 30 days', async () => {
    const soon = issue('soon', 10);
    const client = clientWith(soon);
    try {
      await client.send(documentInput(A46, [D24], 'chứng thư sắp hết hạn'));
    } finally {
      client.close();
    }
    const config = t.net.nodes.get('d24')!.configPath;
    const r = await cli(['status', '-c', config]);
    assert.equal(r.code, 0, r.stderr);
    const until = new Date(soon.identity.notAfterMs).toISOString().slice(0, 10);
    assert.match(
      r.stdout,
      new RegExp(`warning: agency 000\\.46\\.24\\.H44's client certificate \\(serial ${soon.identity.serial}, as presented on its calls\\) expires on ${until} \\(in 10 day\\(s\\)\\): this node refuses its calls once it has expired: ask agency 000\\.46\\.24\\.H44 to install a new one from the network CA`),
    );
    const json = JSON.parse((await cli(['status', '-c', config, '--json'])).stdout);
    assert.deepEqual(json.agencyCertificates.map((c: { subject: string; serial: string }) => [c.subject, c.serial]), [[`agency ${A46}`, soon.identity.serial]]);
    assert.ok(json.warnings.some((w: string) => w.startsWith(`agency ${A46}'s client certificate`)));
  });
});
