/**
 * The agency API's streaming send: one long-lived call carries many documents from one agency;
 * each is answered by its seq once committed (or refused); a seq already awaiting its answer is
 * refused (INVALID_ARGUMENT), since the sender could not tell the two answers apart. A sender that runs ahead is paused
 * while too many of its documents wait for their commit, so memory stays bounded.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { SendStreamRequest__Output } from '../gen/lienthong/v1/SendStreamRequest.js';
import type { SendStreamResponse } from '../gen/lienthong/v1/SendStreamResponse.js';
import { quoted } from '../domain/agency-code.js';
import { asLienthongError, LienthongError } from '../domain/errors.js';
import type { Relay } from '../node/relay.js';
import { sendInput, sendResponse } from './views.js';

const PAUSE_AT = 512;
const RESUME_AT = 256;

export function serveSendStream(
  call: grpc.ServerDuplexStream<SendStreamRequest__Output, SendStreamResponse>,
  agency: string,
  relay: Relay,
  log: Logger,
  onRefused?: (m: SendStreamRequest__Output, err: unknown) => void,
): void {
  /** Seqs awaiting their answer (their count is what pauses the sender); a repeat is refused. */
  const inFlight = new Set<number>();
  let ended = false;
  let paused = false;
  const finishIfDone = () => {
    if (ended && inFlight.size === 0) call.end();
  };
  call.on('data', (m: SendStreamRequest__Output) => {
    const seq = m.seq;
    if (inFlight.has(seq)) {
      const e = new LienthongError('INVALID_ARGUMENT', `seq ${seq} is already in flight on this stream: give each document awaiting an answer its own seq (this one was not taken in)`);
      onRefused?.(m, e);
      call.write({ seq, errorCode: e.code, errorMessage: e.message });
      return;
    }
    inFlight.add(seq);
    if (inFlight.size >= PAUSE_AT && !paused) {
      paused = true;
      call.pause();
    }
    const work = (async () => {
      const req = m.request;
      if (!req) throw new LienthongError('INVALID_ARGUMENT', `stream message ${seq} carries no request`);
      if (req.from.trim() !== agency) {
        throw new LienthongError('SENDER_NOT_ALLOWED', `from is ${quoted(req.from)} but the certificate is for ${agency}: an agency acts only as itself`);
      }
      return relay.submit(sendInput(req));
    })();
    work.then(
      (r) => call.write({ seq, response: sendResponse(r) }),
      (err) => {
        const e = asLienthongError(err);
        onRefused?.(m, e);
        if (e.code === 'INTERNAL') log.error({ err: e.cause ?? e }, 'internal error in a streamed send');
        call.write({ seq, errorCode: e.code, errorMessage: e.message });
      },
    ).finally(() => {
      inFlight.delete(seq);
      if (paused && inFlight.size <= RESUME_AT) {
        paused = false;
        call.resume();
      }
      finishIfDone();
    });
  });
  call.on('end', () => {
    ended = true;
    finishIfDone();
  });
  call.on('error', () => {
    ended = true;
  });
}
