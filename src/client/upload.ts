/**
 * Writing a client-streaming call (an edXML package in pieces) and getting its single answer. The
 * node may answer before the upload is over (it refuses a package as soon as it finds what is wrong
 * with it, or once its bytes pass the size limit): the answer then ends the upload, even while the
 * writer waits for the call's buffers to drain, which they never will once the call is over.
 */
import type * as grpc from '@grpc/grpc-js';
import { fromServiceError } from '../service/grpc-status.js';

type ClientStream<Req, Res> = (cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientWritableStream<Req>;

/**
 * Opens the call with `open`, writes `first` (if any) and every item of `source`, and resolves with
 * the answer. `written` is told of each item gRPC has written (its encoding may then be reused).
 * `overTls` false: the admin socket (see fromServiceError).
 */
export async function upload<Req, Res>(open: ClientStream<Req, Res>, source: AsyncIterable<Req>, first?: Req, written?: (item: Req) => void, overTls = true): Promise<Res> {
  let settle!: { resolve: (r: Res) => void; reject: (e: unknown) => void };
  const answer = new Promise<Res>((resolve, reject) => (settle = { resolve, reject }));
  const call = open((err, res) => (err ? settle.reject(fromServiceError(err, overTls)) : settle.resolve(res as Res)));
  let answered = false;
  const over = answer.then(
    () => void (answered = true),
    () => void (answered = true),
  );
  if (first !== undefined) call.write(first);
  try {
    for await (const item of source) {
      if (answered) break;
      const more = written ? call.write(item, (err: Error | null | undefined) => err || written(item)) : call.write(item);
      if (more) continue;
      let onDrain!: () => void;
      await Promise.race([new Promise<void>((r) => call.once('drain', (onDrain = r))), over]);
      call.off('drain', onDrain);
    }
  } catch (err) {
    // The source failed (a file that cannot be read, say): the node is told the call is abandoned,
    // rather than left waiting for the rest of an upload that will not come.
    call.cancel();
    answer.catch(() => undefined);
    throw err;
  }
  call.end();
  return answer;
}
