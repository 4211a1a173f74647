/**
 * Fuzzing the agency API and the admin socket of a running node (real mutual TLS, real SQLite):
 * mutated Send envelopes, then raw protobuf bytes at every method. Every bad input must be refused
 * with a clear status (never INTERNAL/UNKNOWN, never a hang), what is accepted must be well-formed,
 * and documents keep going end to end while it runs and after.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as grpc from '@grpc/grpc-js';
import type { SendResponse__Output } from '../../src/gen/lienthong/v1/SendResponse.js';
import type { SendStreamResponse__Output } from '../../src/gen/lienthong/v1/SendStreamResponse.js';
import { loadProto } from '../../src/service/proto.js';
import { fuzzAssert, fuzzParams, isKnownDefect, malformationOf, Tally, unclearLinkRefusal, unclearRefusal } from '../helpers/fuzz-checks.js';
import { RawGrpcClient } from '../helpers/fuzz-grpc.js';
import {
  ACKNOWLEDGE_REQUEST, EXPORT_EDXML_REQUEST, FETCH_ATTACHMENT_REQUEST, RECEIVE_REQUEST, SEND_EDXML_REQUEST, SEND_REQUEST,
  SEND_STREAM_REQUEST, TRACE_REQUEST, UPDATE_STATUS_REQUEST, hostileBytes, hostileCode, hostileCodes, hostileString, hostileUint32, rawMessage, VALID_CODES,
  type Layout,
} from '../helpers/fuzz-arbitraries.js';
import { OTHER_TARGET_AGENCY, TARGET, TARGET_AGENCY, startFuzzTarget, type FuzzTarget } from '../helpers/fuzz-network.js';
import { GoodTraffic } from '../helpers/fuzz-traffic.js';

type AnyMethod = grpc.MethodDefinition<unknown, unknown>;

const AGENCY_LAYOUTS: Record<string, Layout> = {
  Send: SEND_REQUEST,
  SendStream: SEND_STREAM_REQUEST,
  Receive: RECEIVE_REQUEST,
  Acknowledge: ACKNOWLEDGE_REQUEST,
  UpdateStatus: UPDATE_STATUS_REQUEST,
  Trace: TRACE_REQUEST,
  SendEdxml: SEND_EDXML_REQUEST,
  ExportEdxml: EXPORT_EDXML_REQUEST,
  FetchAttachment: FETCH_ATTACHMENT_REQUEST,
};

/** The admin service, minus OutboxAction: its verbs (delete, hold...) are the operator's to use on purpose. */
const ADMIN_LAYOUTS: Record<string, Layout> = {
  Status: {},
  Routes: { 1: 'text' },
  Outbox: { 1: 'text', 2: 'text', 3: 'number' },
  Send: { 1: SEND_REQUEST },
  Inbox: { 1: 'text', 2: 'number', 3: 'number', 4: 'number', 5: 'number' },
  Acknowledge: ACKNOWLEDGE_REQUEST,
  UpdateStatus: UPDATE_STATUS_REQUEST,
  Trace: TRACE_REQUEST,
  SendEdxml: { 1: SEND_EDXML_REQUEST },
  ExportEdxml: EXPORT_EDXML_REQUEST,
  FetchAttachment: FETCH_ATTACHMENT_REQUEST,
};

/** Mostly `good`, sometimes `bad`: most inputs break one or two rules, so they reach deep checks. */
const orBad = <T>(good: T, bad: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: bad });

/** A Send request a careless or hostile agency might build ('fresh': a new UUID; 'FRESH': one in capitals). */
const hostileSend = fc.record({
  from: fc.oneof({ weight: 8, arbitrary: fc.constant(TARGET_AGENCY) }, { weight: 1, arbitrary: fc.constant(OTHER_TARGET_AGENCY) }, { weight: 1, arbitrary: hostileCode }),
  to: fc.oneof({ weight: 2, arbitrary: fc.array(fc.constantFrom(...VALID_CODES), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: hostileCodes }),
  priority: orBad(1, hostileUint32),
  document: fc.option(
    fc.record({
      codeNumber: orBad('7816', hostileString),
      codeNotation: orBad('VPCP-TTĐT', hostileString),
      subject: orBad('Về việc thử nghiệm', hostileString),
      documentType: orBad('Công văn', hostileString),
      promulgationDate: orBad('', fc.oneof(fc.constantFrom('2026-01-15', '2026-02-30', '9999-12-31', '2026-1-5', '0000-00-00', '2026-01-15T00:00:00Z'), hostileString)),
      dueDate: orBad('', fc.oneof(fc.constantFrom('2026-13-01', '2099-01-01'), hostileString)),
      fileName: orBad('cong-van.pdf', hostileString),
      contentType: orBad('application/pdf', hostileString),
    }, { requiredKeys: [] }),
    { freq: 12 },
  ),
  body: hostileBytes,
  messageId: orBad('fresh', fc.oneof(fc.constant('FRESH'), fc.constant(''), hostileString)),
  expirySeconds: orBad(0, hostileUint32),
});

describe('fuzz: agency API and admin socket of a running node', () => {
  let t: FuzzTarget;
  let traffic: GoodTraffic;
  const proto = loadProto();
  const agencyMethods = proto.AgencyService.service as unknown as Record<string, AnyMethod>;
  const adminMethods = proto.AdminService.service as unknown as Record<string, AnyMethod>;

  before(async () => {
    t = await startFuzzTarget();
    traffic = new GoodTraffic(t);
    await traffic.once('before');
  });
  after(async () => {
    await t?.close();
  });

  it('refuses mutated Send envelopes clearly, stores only sound ones, keeps serving', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4101, 250);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const tally = new Tally();
    const client = new RawGrpcClient(t.node.address, t.agencyTls(TARGET_AGENCY), TARGET);
    const send = agencyMethods.Send!;
    traffic.start('during mutated sends');
    try {
      await fuzzAssert(
        fc.asyncProperty(hostileSend, async (req) => {
          const fresh = randomUUID();
          const messageId = req.messageId === 'fresh' ? fresh : req.messageId === 'FRESH' ? fresh.toUpperCase() : req.messageId;
          const bytes = send.requestSerialize({ ...req, messageId, body: Buffer.from(req.body) });
          const { outcome, messages } = await client.unary(send.path, bytes);
          if (outcome.code === grpc.status.OK) {
            const id = (send.responseDeserialize(messages[0]!) as SendResponse__Output).messageId;
            const stored = t.node.store.message(id);
            assert.ok(stored, `accepted ${id} is stored`);
            const why = malformationOf(stored.message);
            if (why && isKnownDefect(why)) return void tally.add('accepted-with-known-defect');
            assert.equal(why, null, `accepted document ${id} is malformed: ${why}`);
            tally.add('accepted');
          } else {
            const why = unclearRefusal(outcome);
            assert.equal(why, null, `unclear refusal: ${why}`);
            if (messageId === fresh || messageId === fresh.toUpperCase()) assert.equal(t.node.store.message(fresh), null, 'a refused document is not stored');
            tally.add(outcome.errorCode ?? grpc.status[outcome.code]!);
          }
        }),
        { seed, numRuns },
      );
    } finally {
      client.close();
      await traffic.stop();
    }
    ctx.diagnostic(`outcomes: ${tally}; good documents end to end during the batch: ${traffic.delivered}`);
    await traffic.once('after mutated sends');
    assert.deepEqual(t.malformedStored(), []);
  });

  it('answers raw protobuf bytes at every agency method with a clear status or a sound result', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4102, 300);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const tally = new Tally();
    const undecodable = new Tally();
    const client = new RawGrpcClient(t.node.address, t.agencyTls(TARGET_AGENCY), TARGET);
    traffic.start('during raw agency requests');
    try {
      await fuzzAssert(
        fc.asyncProperty(rawCall(AGENCY_LAYOUTS), async ({ method, requests }) => {
          const def = agencyMethods[method]!;
          const r = await rawAttempt(client, def, requests, method === 'Receive');
          if (r === 'undecodable') return void undecodable.add(method);
          assert.equal(r.why, null, `${method}: ${r.why}`);
          if (method === 'SendStream') for (const m of r.messages) assert.equal(streamedUnclear(def, m), null);
          tally.add(`${method}:${r.label}`);
        }),
        { seed, numRuns },
      );
    } finally {
      client.close();
      await traffic.stop();
    }
    ctx.diagnostic(`outcomes: ${tally}`);
    ctx.diagnostic(`requests the decoders threw on (none expected: undecodable bytes are answered INVALID_ARGUMENT by refuseUndecodable): ${undecodable}`);
    ctx.diagnostic(`good documents end to end during the batch: ${traffic.delivered}`);
    await traffic.once('after raw agency requests');
    assert.deepEqual(t.malformedStored(), []);
  });

  it('answers raw protobuf bytes at every admin method (admin socket) with a clear status or a sound result', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4103, 200);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const tally = new Tally();
    const undecodable = new Tally();
    const client = new RawGrpcClient(`unix:${t.node.adminSocket}`, null);
    try {
      await fuzzAssert(
        fc.asyncProperty(rawCall(ADMIN_LAYOUTS), async ({ method, requests }) => {
          const r = await rawAttempt(client, adminMethods[method]!, requests, false);
          if (r === 'undecodable') return void undecodable.add(method);
          assert.equal(r.why, null, `${method}: ${r.why}`);
          tally.add(`${method}:${r.label}`);
        }),
        { seed, numRuns },
      );
    } finally {
      client.close();
    }
    ctx.diagnostic(`outcomes: ${tally}`);
    ctx.diagnostic(`requests that do not decode: ${undecodable}`);
    await traffic.once('after raw admin requests');
    assert.deepEqual(t.malformedStored(), []);
  });

  it('refuses envelope text that XML cannot carry (a C0 control character), which the recipient could never export', async () => {
    const sender = t.client(TARGET_AGENCY);
    const subject = 'Về việc kiểm tra\u0001';
    const sent = await sender.send({ from: TARGET_AGENCY, to: [OTHER_TARGET_AGENCY], priority: 0, document: { subject }, body: Buffer.from('x') }).catch((e: Error) => e);
    if (!(sent instanceof Error)) {
      // Accepted: the recipient cannot get it out as edXML.
      const exported = await collectAll(t.client(OTHER_TARGET_AGENCY).exportEdxml(OTHER_TARGET_AGENCY, sent.messageId)).catch((e: Error) => e);
      assert.ok(!(exported instanceof Error), `accepted, then its export fails: ${String(exported)}`);
      assert.fail('a subject holding U+0001 was accepted');
    }
    assert.equal((sent as Error & { code?: string }).code, 'INVALID_DOCUMENT');
    assert.match(sent.message, /document\.subject/);
  });

  it('refuses a request whose bytes do not decode with INVALID_ARGUMENT saying what is wrong', async () => {
    const client = new RawGrpcClient(t.node.address, t.agencyTls(TARGET_AGENCY), TARGET);
    try {
      // Field 3 (priority) announced as a varint, then the message ends.
      const { outcome } = await client.unary(agencyMethods.Send!.path, Buffer.from([0x18]));
      assert.equal(outcome.code, grpc.status.INVALID_ARGUMENT, `${grpc.status[outcome.code]}: ${outcome.details}`);
      assert.equal(unclearRefusal(outcome), null);
    } finally {
      client.close();
    }
  });
});

async function collectAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

/** A method and the raw request message(s) for it (several for a client stream). */
function rawCall(layouts: Record<string, Layout>): fc.Arbitrary<{ method: string; requests: Buffer[] }> {
  return fc.constantFrom(...Object.keys(layouts)).chain((method) =>
    fc.array(rawMessage(layouts[method]!), { minLength: 1, maxLength: 4 }).map((requests) => ({ method, requests })),
  );
}

/** Runs one raw call; 'undecodable' when grpc-js itself cannot decode a request (not our code's answer). */
async function rawAttempt(
  client: RawGrpcClient,
  def: AnyMethod,
  requests: Buffer[],
  mayFollow: boolean,
): Promise<'undecodable' | { why: string | null; label: string; messages: Buffer[] }> {
  const decoded: unknown[] = [];
  for (const r of def.requestStream ? requests : requests.slice(0, 1)) {
    try {
      decoded.push(def.requestDeserialize(r));
    } catch {
      await client.call(def, requests, 5_000);
      return 'undecodable';
    }
  }
  // Receive with follow stays open by design: give it a short deadline and accept that.
  const follows = mayFollow && (decoded[0] as { follow?: boolean }).follow === true;
  const { outcome, messages } = await client.call(def, requests, follows ? 500 : undefined);
  if (follows && outcome.code === grpc.status.DEADLINE_EXCEEDED) return { why: null, label: 'following', messages };
  return { why: unclearRefusal(outcome), label: outcome.errorCode ?? grpc.status[outcome.code]!, messages };
}

/** A SendStream answer that refuses without a catalogue code and a clear message. */
function streamedUnclear(def: AnyMethod, raw: Buffer): string | null {
  const r = def.responseDeserialize(raw) as SendStreamResponse__Output;
  if (r.response) return null;
  return unclearLinkRefusal(r.errorCode, r.errorMessage);
}
