/**
 * Every agency call that names messages checks their ids the same way, as the agency's software sees
 * it over gRPC (a real node on 127.0.0.1, mutual TLS): a missing id is INVALID_ARGUMENT naming the
 * field, a malformed one INVALID_ARGUMENT quoting it, a well-formed one the node does not hold
 * NOT_FOUND. An id is taken in either case, as Send takes one. Acknowledge never fails a batch for
 * one bad id: what is in no inbox comes back in not_in_inbox, and an empty list acknowledges nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { LienthongError } from '../../src/domain/errors.js';
import type { AgencyClient } from '../../src/client/agency-client.js';
import { agencyClients } from '../helpers/agency-clients.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const A = '000.00.00.G22';
const TOPOLOGY: NodeSpec[] = [{ name: 'national', code: A, agencies: [A] }];
const UNKNOWN = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70';
const SHA = '0'.repeat(64);

/** The calls that take one message id, each made with `id`. */
const CALLS: [string, (c: AgencyClient, id: string) => Promise<unknown>][] = [
  ['UpdateStatus', (c, id) => c.updateStatus(A, id, '13', '')],
  ['Trace', (c, id) => c.trace(A, id)],
  ['ExportEdxml', async (c, id) => {
    for await (const _ of c.exportEdxml(A, id)) void _;
  }],
  ['FetchAttachment', async (c, id) => {
    for await (const _ of c.fetchAttachment(A, id, SHA)) void _;
  }],
];

describe('message ids on the agency API (a real node, gRPC + mutual TLS)', () => {
  let t: TestNetwork;
  const clients = agencyClients(() => t);

  before(async () => {
    t = await startTestNetwork(TOPOLOGY);
  });
  after(async () => {
    clients.closeAll();
    await t?.close();
  });

  /** Asserts `call` failed with lienthong `code`, gRPC `status` and a message matching `pattern`. */
  const refused = (code: string, status: grpc.status, pattern: RegExp, what: string) => (e: unknown) => {
    assert.ok(e instanceof LienthongError, what);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    assert.equal((e.cause as grpc.ServiceError).code, status, what);
    assert.match(e.message, pattern, what);
    return true;
  };

  for (const [name, call] of CALLS) {
    it(`${name}: a missing id names the field, a malformed one is quoted, both INVALID_ARGUMENT; an unknown one is NOT_FOUND`, async () => {
      const c = clients.client(A);
      await assert.rejects(call(c, ''), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^message_id is missing: give the UUID that Send answered/, `${name} ""`));
      await assert.rejects(call(c, 'zzz'), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^"zzz" is not a message id: give the UUID that Send answered .* in message_id$/, `${name} "zzz"`));
      await assert.rejects(call(c, UNKNOWN.toUpperCase()), refused('NOT_FOUND', grpc.status.NOT_FOUND, new RegExp(`no (document|message) ${UNKNOWN} on `), `${name} upper case: looked up as kept`));
      await assert.rejects(call(c, UNKNOWN), refused('NOT_FOUND', grpc.status.NOT_FOUND, new RegExp(`no (document|message) ${UNKNOWN} on `), `${name} unknown`));
    });
  }

  it('Acknowledge answers an unknown, malformed or empty id as not in the inbox, acknowledges the rest, and takes an empty list as nothing to do', async () => {
    const c = clients.client(A);
    assert.deepEqual(await c.acknowledge(A, []), { acknowledged: 0, notInInbox: [] }, 'an empty inbox page acknowledged');
    assert.deepEqual(await c.acknowledge(A, [UNKNOWN, 'zzz', '']), { acknowledged: 0, notInInbox: [UNKNOWN, 'zzz', ''] });
    const sent = await c.send({ from: A, to: [A], document: { subject: 'Tự gửi' }, body: Buffer.from('x') });
    await t.waitInbox(A, (m) => m.id === sent.messageId);
    const upper = sent.messageId.toUpperCase();
    assert.deepEqual(await c.acknowledge(A, [upper, 'zzz']), { acknowledged: 1, notInInbox: ['zzz'] }, 'one bad id does not hold back the good one, given in upper case');
  });

  it('FetchAttachment checks its sha256 as ids are checked: missing or malformed is INVALID_ARGUMENT, either case is taken', async () => {
    const c = clients.client(A);
    const sent = await c.send({ from: A, to: [A], document: { subject: 'Tệp' }, body: Buffer.from('y') });
    await t.waitInbox(A, (m) => m.id === sent.messageId);
    const fetch = async (sha: string) => {
      for await (const _ of c.fetchAttachment(A, sent.messageId, sha)) void _;
    };
    await assert.rejects(fetch(''), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^sha256 is missing: give the SHA-256 of one of the message's attachments/, 'missing'));
    await assert.rejects(fetch('xyz'), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^sha256 "xyz" is not a SHA-256/, 'malformed'));
    await assert.rejects(fetch('AB'.repeat(32)), refused('NOT_FOUND', grpc.status.NOT_FOUND, new RegExp(`has no attachment with SHA-256 ${'ab'.repeat(32)}`), 'upper case: looked up in lower case'));
  });
});
