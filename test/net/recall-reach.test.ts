/**
 * A recall (13) goes only where the document can still arrive, seen from the sender's software on
 * the agency API of real nodes (gRPC on 127.0.0.1, mutual TLS, a SQLite file each): recipients whose
 * copy came back as a non-delivery are skipped and named with the reason, and a recall that can
 * reach nobody is refused rather than sent nowhere in silence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { LienthongError } from '../../src/domain/errors.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';
import { documentInput } from '../helpers/in-process-network.js';

const A = '000.00.00.G22';
const H = '000.00.00.H29';
const B = '000.00.07.H29';
const TOPOLOGY: NodeSpec[] = [
  { name: 'national', code: A, agencies: [A] },
  { name: 'h29', code: H, parent: 'national', agencies: [H] },
  { name: 'w07', code: B, parent: 'h29', agencies: [B] },
];
/** Unknown at the root (no route anywhere), and inside the subtree of B's node (unknown there). */
const NOWHERE = '000.00.00.K99';
const UNDER_B = '000.01.07.H29';

describe('a recall reaches only the recipients its document can reach (real nodes, agency API)', () => {
  const net = useAgencyNetwork(TOPOLOGY);
  const client = (agency: string) => net.client(agency);

  /** Sends from B to `to`, and waits for the non-delivery report of each of `unknown` in B's inbox. */
  async function sentWithReports(to: string[], unknown: string[], subject: string): Promise<string> {
    const sent = await client(B).send(documentInput(B, to, subject));
    for (const r of unknown) {
      const ndr = await net.t.waitInbox(B, (m) => m.status?.refMessageId === sent.messageId && m.status.recipient === r, `the non-delivery report for ${r}`);
      assert.equal(ndr.status!.errorCode, 'UNKNOWN_RECIPIENT');
    }
    return sent.messageId;
  }

  it('skips the recipients that had a non-delivery report and names them with why', async () => {
    const id = await sentWithReports([A, NOWHERE, H, UNDER_B], [NOWHERE, UNDER_B], 'Lấy lại: hai mã không có');
    const r = await client(B).updateStatus(B, id, '13', 'gửi nhầm');
    assert.equal(r.statusMessageIds.length, 2, 'one recall for each recipient the document reached');
    assert.deepEqual(r.skipped.map((s) => [s.recipient, s.errorCode]).sort(), [[NOWHERE, 'UNKNOWN_RECIPIENT'], [UNDER_B, 'UNKNOWN_RECIPIENT']]);
    const nowhere = r.skipped.find((s) => s.recipient === NOWHERE)!;
    assert.match(nowhere.reason, /^non-delivery reported by node 000\.00\.00\.G22: no route to 000\.00\.00\.K99/, 'names the node that reported it');
    const under = r.skipped.find((s) => s.recipient === UNDER_B)!;
    assert.match(under.reason, /^non-delivery reported by node 000\.00\.07\.H29: /, 'unknown at the sender\'s own node');

    const recalls = (await client(B).trace(B, id)).statuses.filter((s) => s.code === '13').map((s) => s.recipient).sort();
    assert.deepEqual(recalls, [A, H].sort(), 'the trace lists the recall for the reachable recipients only');
    await net.t.waitInbox(A, (m) => m.status?.refMessageId === id && m.status.code === '13', 'the recall at A');
    await net.t.waitInbox(H, (m) => m.status?.refMessageId === id && m.status.code === '13', 'the recall at H');

    const again = await client(B).updateStatus(B, id, '13', 'gửi nhầm');
    assert.deepEqual([again.alreadySent, again.statusMessageIds], [true, r.statusMessageIds], 'sent once; the answer repeats');
    assert.equal(again.skipped.length, 2);
  });

  it('refuses a recall that can reach none of the recipients, naming each and why', async () => {
    const id = await sentWithReports([NOWHERE, UNDER_B], [NOWHERE, UNDER_B], 'Lấy lại: không ai nhận');
    await assert.rejects(client(B).updateStatus(B, id, '13', 'gửi nhầm'), (e: unknown) => {
      assert.ok(e instanceof LienthongError);
      assert.equal(e.code, 'NO_RECIPIENT_REACHABLE');
      assert.match(e.message, /reached none of its recipients, so status 13 has no one to go to: /);
      assert.match(e.message, /000\.00\.00\.K99 \(UNKNOWN_RECIPIENT: non-delivery reported by node 000\.00\.00\.G22/);
      assert.match(e.message, /000\.01\.07\.H29 \(UNKNOWN_RECIPIENT: /);
      return true;
    });
    assert.deepEqual((await client(B).trace(B, id)).statuses.filter((s) => s.code === '13'), [], 'no recall was made');
  });

  it('says so in gRPC terms too: FAILED_PRECONDITION (the document exists) with the lienthong-error-code trailer', async () => {
    const id = await sentWithReports([NOWHERE], [NOWHERE], 'Lấy lại: mã không có');
    const err = await new Promise<grpc.ServiceError>((resolve) => {
      const raw = (client(B) as unknown as { client: grpc.Client & { UpdateStatus: (r: object, cb: (e: grpc.ServiceError | null) => void) => void } }).client;
      raw.UpdateStatus({ agency: B, messageId: id, code: '13', reason: '' }, (e) => resolve(e!));
    });
    assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
    assert.deepEqual(err.metadata.get('lienthong-error-code'), ['NO_RECIPIENT_REACHABLE']);
  });
});
