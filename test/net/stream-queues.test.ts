/**
 * Streams of package and file pieces on a real grpc-js server on 127.0.0.1, served the way the
 * node serves them. An upload (SendEdxml: limitQueuedMessages): while the handler is busy, the call
 * holds at most QUEUED_MESSAGES received pieces (grpc-js alone would queue 16) and the sender waits
 * on flow control. A download (ExportEdxml, FetchAttachment: pipeToCall) to a client that reads
 * slowly: at most QUEUED_MESSAGES pieces wait in the call. Every piece arrives, in order and intact.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '../../src/node/logger.js';
import { limitQueuedMessages, pipeToCall, QUEUED_MESSAGES } from '../../src/service/edxml-streams.js';

const raw = (b: Buffer): Buffer => b;
const UPLOAD: grpc.ServiceDefinition = {
  upload: { path: '/test.Upload/Upload', requestStream: true, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  download: { path: '/test.Upload/Download', requestStream: false, responseStream: true, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};
const UploadClient = grpc.makeGenericClientConstructor(UPLOAD, 'Upload') as unknown as new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & {
  upload(cb: (err: grpc.ServiceError | null, res?: Buffer) => void): grpc.ClientWritableStream<Buffer>;
  download(req: Buffer): grpc.ClientReadableStream<Buffer>;
};

const PIECES = 40;
const PIECE_BYTES = 256 * 1024;
let server: grpc.Server;
let client: InstanceType<typeof UploadClient>;
let limit = true;
let queuedWhileBusy = -1;
const served = Array.from({ length: PIECES }, () => randomBytes(PIECE_BYTES));
let mostQueuedOut = 0;

before(async () => {
  server = new grpc.Server();
  server.addService(UPLOAD, {
    upload: (call: grpc.ServerReadableStream<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      if (limit) limitQueuedMessages(call);
      void (async () => {
        const hash = createHash('sha256');
        let n = 0;
        for await (const piece of call as AsyncIterable<Buffer>) {
          hash.update(piece);
          // Busy with the first piece (decoding, writing) while the stream reads ahead.
          if (++n === 1) {
            await new Promise((r) => setTimeout(r, 400));
            queuedWhileBusy = call.readableLength;
          }
        }
        cb(null, Buffer.from(`${n} ${hash.digest('hex')}`));
      })();
    },
    download: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      void pipeToCall(call, (async function* () {
        for (const piece of served) {
          mostQueuedOut = Math.max(mostQueuedOut, call.writableLength);
          yield piece;
        }
      })(), silentLogger());
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  client = new UploadClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

after(() => {
  client.close();
  server.forceShutdown();
});

async function send(): Promise<{ answer: string; expected: string }> {
  const pieces = Array.from({ length: PIECES }, () => randomBytes(PIECE_BYTES));
  const expected = `${PIECES} ${createHash('sha256').update(Buffer.concat(pieces)).digest('hex')}`;
  const answer = new Promise<string>((resolve, reject) => {
    const call = client.upload((err, res) => (err ? reject(err) : resolve(String(res))));
    void (async () => {
      for (const p of pieces) if (!call.write(p)) await new Promise((r) => call.once('drain', r));
      call.end();
    })();
  });
  return { answer: await answer, expected };
}

describe('pieces queued by an upload call', () => {
  it(`holds at most ${QUEUED_MESSAGES} pieces while the handler is busy, and every piece arrives intact`, async () => {
    limit = true;
    const { answer, expected } = await send();
    assert.equal(answer, expected);
    assert.ok(queuedWhileBusy >= 1 && queuedWhileBusy <= QUEUED_MESSAGES, `queued ${queuedWhileBusy}`);
  });

  it('grpc-js alone queues more (the limit is what bounds it)', async () => {
    limit = false;
    const { answer, expected } = await send();
    assert.equal(answer, expected);
    assert.ok(queuedWhileBusy > QUEUED_MESSAGES, `queued ${queuedWhileBusy}`);
  });
});

describe('pieces queued by a download call', () => {
  it(`holds at most ${QUEUED_MESSAGES} pieces for a client that reads slowly, and every piece arrives intact`, async () => {
    const call = client.download(Buffer.alloc(0));
    call.pause();
    await new Promise((r) => setTimeout(r, 400));
    call.resume();
    const got: Buffer[] = [];
    for await (const piece of call as AsyncIterable<Buffer>) got.push(piece);
    assert.equal(got.length, PIECES);
    assert.ok(Buffer.concat(got).equals(Buffer.concat(served)), 'the pieces arrived in order and intact');
    assert.ok(mostQueuedOut >= 1 && mostQueuedOut <= QUEUED_MESSAGES, `queued ${mostQueuedOut}`);
  });
});
