/**
 * Fuzzing SendEdxml on a running node: the fixture packages (test/fixtures/edxml), addressed to
 * agencies of the fuzz network, then mutated: bytes flipped, cut short, elements deleted or repeated,
 * entity tricks (billion laughs, external entities, undefined and forbidden character references),
 * deep nesting, huge or broken base64, or random bytes. Every package must be accepted as a sound
 * document or refused with a clear status, within a bound; documents keep going end to end.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as grpc from '@grpc/grpc-js';
import type { SendEdxmlResponse__Output } from '../../src/gen/lienthong/v1/SendEdxmlResponse.js';
import { loadProto } from '../../src/service/proto.js';
import { fuzzAssert, fuzzParams, isKnownDefect, malformationOf, Tally, unclearRefusal } from '../helpers/fuzz-checks.js';
import { RawGrpcClient } from '../helpers/fuzz-grpc.js';
import { OTHER_TARGET_AGENCY, PROVINCE_AGENCY, TARGET, TARGET_AGENCY, startFuzzTarget, type FuzzTarget } from '../helpers/fuzz-network.js';
import { GoodTraffic } from '../helpers/fuzz-traffic.js';

const FIXTURES = new URL('../../../test/fixtures/edxml/', import.meta.url).pathname;

/** The fixture packages (good and bad), with their agencies moved into the fuzz network. */
function fixtures(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.xml'))
    .map((n) => readFileSync(join(FIXTURES, n), 'utf8'))
    .concat(readdirSync(join(FIXTURES, 'bad')).filter((n) => n.endsWith('.xml')).map((n) => readFileSync(join(FIXTURES, 'bad', n), 'utf8')))
    .map((x) => x.replaceAll('000.00.00.G22', TARGET_AGENCY).replaceAll('000.00.00.H49', OTHER_TARGET_AGENCY).replaceAll('000.00.00.H41', PROVINCE_AGENCY));
}

const ELEMENT = /<edXML:(\w+)>[^<]*<\/edXML:\1>/g;

type Mutation =
  | { kind: 'flip'; at: number[]; xor: number }
  | { kind: 'cut'; at: number }
  | { kind: 'delete' | 'repeat'; which: number; times: number }
  | { kind: 'entity'; trick: number }
  | { kind: 'nest'; depth: number; which: number }
  | { kind: 'base64'; trick: number; size: number }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'none' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'repeat' as const), which: fc.nat(), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('entity' as const), trick: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(5_000, 60_000, 150_000)), which: fc.nat() }),
  fc.record({ kind: fc.constant('base64' as const), trick: fc.nat({ max: 4 }), size: fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(3 * 1024 * 1024, 9 * 1024 * 1024)) }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 4096 }) }),
  fc.constant({ kind: 'none' as const }),
);

const BILLION_LAUGHS =
  '<!DOCTYPE edXML [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';

function applyMutation(xml: string, m: Mutation): Buffer {
  const bytes = Buffer.from(xml, 'utf8');
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(bytes);
      for (const i of m.at) out[i % out.length]! ^= m.xor;
      return out;
    }
    case 'cut':
      return bytes.subarray(0, m.at % bytes.length);
    case 'delete':
    case 'repeat': {
      const found = [...xml.matchAll(ELEMENT)];
      if (found.length === 0) return bytes;
      const e = found[m.which % found.length]!;
      const replacement = m.kind === 'delete' ? '' : e[0].repeat(m.times + 1);
      return Buffer.from(xml.slice(0, e.index) + replacement + xml.slice(e.index! + e[0].length), 'utf8');
    }
    case 'entity': {
      const subject = (s: string) => xml.replace(/<edXML:Subject>[^<]*/, `<edXML:Subject>${s}`);
      const withDoctype = (d: string, s: string) => subject(s).replace(/(<\?xml[^>]*\?>)?/, (decl) => `${decl}${d}`);
      const tricks = [
        () => withDoctype(BILLION_LAUGHS, '&lol4;'),
        () => withDoctype('<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'),
        () => withDoctype('<!DOCTYPE edXML SYSTEM "http://127.0.0.1:1/edxml.dtd">', 'x'),
        () => subject('&undefined;'),
        () => subject('&#0;'),
        () => subject('&#xD800;'),
        () => subject('&#x110000;'),
        () => subject('<![CDATA[ ]]> <!-- --> <?pi x?>'),
      ];
      return Buffer.from(tricks[m.trick % tricks.length]!(), 'utf8');
    }
    case 'nest': {
      const found = [...xml.matchAll(ELEMENT)];
      if (found.length === 0) return bytes;
      const e = found[m.which % found.length]!;
      const inner = `${'<edXML:N>'.repeat(m.depth)}x${'</edXML:N>'.repeat(m.depth)}`;
      return Buffer.from(xml.slice(0, e.index) + `<edXML:${e[1]}>${inner}</edXML:${e[1]}>` + xml.slice(e.index! + e[0].length), 'utf8');
    }
    case 'base64': {
      const fill = ['A'.repeat(m.size), `${'QUFB'.repeat(Math.ceil(m.size / 4))}=`, '!@#$'.repeat(m.size), `QUFB${'='.repeat(m.size)}`, '\u00e1'.repeat(m.size)][m.trick % 5]!;
      return Buffer.from(xml.replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${fill}`), 'utf8');
    }
    case 'random':
      return Buffer.from(m.bytes);
    case 'none':
      return bytes;
  }
}

describe('fuzz: edXML packages through SendEdxml', () => {
  let t: FuzzTarget;
  let traffic: GoodTraffic;
  const def = (loadProto().AgencyService.service as unknown as Record<string, grpc.MethodDefinition<unknown, unknown>>).SendEdxml!;

  before(async () => {
    t = await startFuzzTarget();
    traffic = new GoodTraffic(t);
    await traffic.once('before');
  });
  after(async () => {
    await t?.close();
  });

  it('accepts sound packages and refuses mutated ones clearly, storing nothing malformed', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4301, 200);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const packages = fixtures();
    const tally = new Tally();
    const client = new RawGrpcClient(t.node.address, t.agencyTls(TARGET_AGENCY), TARGET);
    traffic.start('during edXML packages');
    try {
      await fuzzAssert(
        fc.asyncProperty(fc.nat({ max: packages.length - 1 }), mutation, fc.integer({ min: 1, max: 64 * 1024 }), async (which, m, piece) => {
          const bytes = applyMutation(packages[which]!, m);
          const requests = [def.requestSerialize({ options: { messageId: '', expirySeconds: 0, agency: '' } })];
          // Pieces of any size, but at most ~2,000 of them (a 37 MB package in 1-byte messages only tests the client).
          const step = Math.max(piece, Math.ceil(bytes.length / 2_000));
          for (let i = 0; i < bytes.length; i += step) requests.push(def.requestSerialize({ data: bytes.subarray(i, i + step) }));
          const { outcome, messages } = await client.clientStream(def.path, requests);
          if (outcome.code === grpc.status.OK) {
            const r = def.responseDeserialize(messages[0]!) as SendEdxmlResponse__Output;
            if (r.messageId) {
              const stored = t.node.store.message(r.messageId);
              assert.ok(stored, `accepted package ${r.messageId} is stored`);
              const why = malformationOf(stored.message);
              if (!(why && isKnownDefect(why))) assert.equal(why, null, `accepted package stored malformed: ${why}`);
            }
            tally.add(`${m.kind}:accepted`);
          } else {
            assert.equal(unclearRefusal(outcome), null, `${m.kind}: ${unclearRefusal(outcome)}`);
            tally.add(`${m.kind}:${outcome.errorCode ?? grpc.status[outcome.code]}`);
          }
        }),
        { seed, numRuns },
      );
    } finally {
      client.close();
      await traffic.stop();
    }
    ctx.diagnostic(`outcomes: ${tally}; good documents end to end during the batch: ${traffic.delivered}`);
    await traffic.once('after edXML packages');
    assert.deepEqual(t.malformedStored(), []);
  });
});
