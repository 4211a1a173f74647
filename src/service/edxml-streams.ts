/**
 * The streaming calls of edXML packages and attachment files, shared by the agency and admin
 * services: a client stream in (options first, then the package's bytes), server streams out with
 * backpressure (a slow reader never makes the node buffer a whole file).
 */
import type { Readable, Writable } from 'node:stream';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { SendEdxmlOptions__Output } from '../gen/lienthong/v1/SendEdxmlOptions.js';
import type { SendEdxmlRequest__Output } from '../gen/lienthong/v1/SendEdxmlRequest.js';
import type { SendEdxmlResponse } from '../gen/lienthong/v1/SendEdxmlResponse.js';
import { isErrorCode, LienthongError } from '../domain/errors.js';
import type { EdxmlGateway, EdxmlSendOptions, EdxmlSendResult } from '../node/edxml-gateway.js';
import { ERROR_CODE_KEY, toServiceError } from './grpc-status.js';
import { sendResponse, skippedToPb } from './views.js';
import { signatureFromPb } from './wire.js';

/**
 * Messages a streaming call of package or file pieces holds in the node: received ones before the
 * handler reads them (SendEdxml), written ones before gRPC takes them (ExportEdxml,
 * FetchAttachment). grpc-js queues 16 per call by default: 16 MiB per download of 1 MiB pieces, up
 * to 64 MiB per upload of 4 MiB ones, while the node handles one piece at a time anyway. Past the
 * limit an upload stops reading (HTTP/2 flow control makes the sender wait) and a download waits
 * for 'drain'.
 */
export const QUEUED_MESSAGES = 2;

/** Lowers how many messages `call` queues each way it streams (grpc-js offers no option for it). */
export function limitQueuedMessages(call: Readable | Writable): void {
  const c = call as unknown as { _readableState?: { highWaterMark: number }; _writableState?: { highWaterMark: number } };
  for (const state of [c._readableState, c._writableState]) {
    if (state && typeof state.highWaterMark === 'number') state.highWaterMark = QUEUED_MESSAGES;
  }
}

type SentStatus = Parameters<grpc.ServerInterceptingCallInterface['sendStatus']>[0];

/** How a client stream's call ended before its handler answered. */
export interface EndedBelow {
  /** The refusal its status carried (a lienthong code in the trailers), or null: the client left, or grpc-js answered for itself. */
  refusal: LienthongError | null;
}

/**
 * Watches a client stream's call for an end its handler did not send: the status of a message
 * that does not decode (`refuseUndecodable`), or the client cancelling. grpc-js then destroys the
 * handler's request stream, and reading it fails with ERR_STREAM_PREMATURE_CLOSE: not an error of
 * the handler, and no answer of its own can follow. Call it as the handler starts, before any
 * message can arrive; ask it when the handler fails. It sees the statuses sent on the call the
 * handler was given (grpc-js 1.14.7 keeps it as the stream's `call`; without it, only the
 * cancellation is seen).
 */
export function watchEndBelow(stream: grpc.ServerReadableStream<unknown, unknown>): () => EndedBelow | null {
  let sent: SentStatus | null = null;
  const call = (stream as unknown as { call?: { sendStatus?: unknown } }).call;
  if (call && typeof call.sendStatus === 'function') {
    const sendStatus = (call.sendStatus as (s: SentStatus) => void).bind(call);
    call.sendStatus = (status: SentStatus) => {
      sent ??= status;
      sendStatus(status);
    };
  }
  return () => {
    if (!stream.cancelled) return null;
    const raw = sent?.metadata?.get(ERROR_CODE_KEY)[0];
    if (!sent || typeof raw !== 'string' || !isErrorCode(raw)) return { refusal: null };
    const details = sent.details ?? '';
    return { refusal: new LienthongError(raw, details.startsWith(`${raw}: `) ? details.slice(raw.length + 2) : details) };
  };
}

/**
 * How long a failed SendEdxml handler waits for the call's cancellation before answering. A client
 * that cancels resets its HTTP/2 stream: the node reads the end of the request stream first, and
 * the parser fails on the cut package, a turn or so before grpc-js marks the call cancelled.
 */
export const CANCEL_SETTLE_MS = 50;

/** endedBelow's verdict once a cancellation that may be on its way has had time to arrive. */
export async function settledEnd(stream: grpc.ServerReadableStream<unknown, unknown>, endedBelow: () => EndedBelow | null): Promise<EndedBelow | null> {
  if (!stream.cancelled) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        stream.off('cancelled', done);
        resolve();
      };
      const timer = setTimeout(done, CANCEL_SETTLE_MS);
      stream.once('cancelled', done);
    });
  }
  return endedBelow();
}

/** Refusals for who the caller is: they stand whatever became of the call. */
const CALLER_REFUSALS = new Set(['NOT_AUTHORIZED', 'SENDER_NOT_ALLOWED', 'CERTIFICATE_REVOKED', 'UNAUTHENTICATED']);

/**
 * What counts as refused when a SendEdxml call ended under its handler: what ended it (a message
 * that did not decode), or a refusal of the caller itself. When the client left, the handler's
 * error is what reading a cut package gives (not well-formed XML, a premature close): the client
 * abandoned the package, it sent nothing malformed, so nothing is refused.
 */
export function refusalOfEndedCall(ended: EndedBelow, err: unknown): LienthongError | null {
  if (ended.refusal) return ended.refusal;
  return err instanceof LienthongError && CALLER_REFUSALS.has(err.code) ? err : null;
}

/** Splits a client stream into its options (first request) and the package's bytes. */
export async function readEdxmlCall(
  requests: AsyncIterable<SendEdxmlRequest__Output>,
): Promise<{ options: SendEdxmlOptions__Output | null; data: AsyncGenerator<Buffer> }> {
  const it = requests[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new LienthongError('INVALID_ARGUMENT', 'empty SendEdxml stream: send the options, then the package bytes');
  const options = first.value.options ?? null;
  const head = first.value.data ?? null;
  async function* data(): AsyncGenerator<Buffer> {
    if (head && head.length) yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      if (next.value.options) throw new LienthongError('INVALID_ARGUMENT', 'SendEdxml options may only come in the first request');
      if (next.value.data?.length) yield next.value.data;
    }
  }
  return { options, data: data() };
}

export function sendEdxmlResponse(r: EdxmlSendResult): SendEdxmlResponse {
  if (r.kind === 'document') return { ...sendResponse(r.submit), statusMessageIds: [], attachmentBytes: r.attachmentBytes };
  if (r.kind === 'form') return { messageId: r.messageId, signedForm: r.signedForm };
  // `duplicate` says it too, for clients written before already_sent.
  return { messageId: '', duplicate: r.alreadySent, alreadySent: r.alreadySent, routes: [], statusMessageIds: r.statusMessageIds, attachmentBytes: 0, skipped: skippedToPb(r.skipped) };
}

/**
 * Serves a SendEdxml call. `authorize` gets the options and the package's From/OrganId and returns
 * the attached agency acting (or throws).
 */
export async function serveSendEdxml(
  requests: AsyncIterable<SendEdxmlRequest__Output>,
  gateway: EdxmlGateway,
  authorize: (options: SendEdxmlOptions__Output | null, packageFrom: string) => string,
): Promise<SendEdxmlResponse> {
  const { options, data } = await readEdxmlCall(requests);
  const opts: EdxmlSendOptions = {};
  if (options?.messageId) opts.messageId = options.messageId;
  if (options?.expirySeconds) opts.expirySeconds = options.expirySeconds;
  if (options?.files.length) opts.files = options.files.map((f) => ({ contentId: f.contentId, sha256: f.sha256, size: Number(f.size) }));
  if (options?.signature) opts.signature = signatureFromPb(options.signature);
  if (options?.createdAtMs) opts.createdAtMs = Number(options.createdAtMs);
  if (options?.expiresAtMs) opts.expiresAtMs = Number(options.expiresAtMs);
  if (options?.formOnly) opts.formOnly = true;
  return sendEdxmlResponse(await gateway.send((from) => authorize(options, from), data, opts));
}

/** Writes what `source` yields to a server stream, waiting for 'drain' when its buffer is full. */
export async function pipeToCall<T>(call: grpc.ServerWritableStream<unknown, T>, source: AsyncIterable<T>, log: Logger): Promise<void> {
  limitQueuedMessages(call);
  let cancelled = false;
  call.on('cancelled', () => {
    cancelled = true;
  });
  try {
    for await (const item of source) {
      if (cancelled) return;
      if (!call.write(item)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            call.off('drain', done);
            call.off('cancelled', done);
            resolve();
          };
          call.on('drain', done);
          call.on('cancelled', done);
        });
      }
    }
    if (!cancelled) call.end();
  } catch (err) {
    if (!cancelled) call.emit('error', toServiceError(err, log));
  }
}
