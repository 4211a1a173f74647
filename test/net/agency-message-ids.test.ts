/**
 * Every agency call that names messages checks their ids the same way, as the agency's software sees
 * it over gRPC (a real node on 127.0.0.1, mutual TLS): a missing id is INVALID_ARGUMENT naming the
 * field, a malformed one INVALID_ARGUMENT quoting it, a well-formed one the node does not hold
 * NOT_FOUND; Acknowledge refuses an empty list.
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
      await assert.rejects(call(c, UNKNOWN.toUpperCase()), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /is not a message id/, `${name} upper case`));
      await assert.rejects(call(c, UNKNOWN), refused('NOT_FOUND', grpc.status.NOT_FOUND, new RegExp(`no (document|message) ${UNKNOWN} on `), `${name} unknown`));
    });
  }

  it('Acknowledge refuses an empty list and malformed ids, naming the field and the place; an unknown id is answered as not in the inbox', async () => {
    const c = clients.client(A);
    await assert.rejects(c.acknowledge(A, []), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^message_ids is empty: name at least one message/, 'empty list'));
    await assert.rejects(c.acknowledge(A, [UNKNOWN, 'zzz']), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^"zzz" is not a message id: .* in message_ids\[1\]$/, 'malformed'));
    await assert.rejects(c.acknowledge(A, [UNKNOWN, '']), refused('INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, /^message_ids\[1\] is missing/, 'empty id'));
    assert.deepEqual(await c.acknowledge(A, [UNKNOWN]), { acknowledged: 0, notInInbox: [UNKNOWN] });
  });
});
