/**
 * Adapts a gRPC Connect stream (messages that each wrap one LinkFrame, as buf's RPC naming rules
 * want distinct request and response types) to the plain frame stream a link session speaks. It
 * counts the attachment bytes written and not yet handed to HTTP/2, so that file senders wait for
 * room (`chunkRoom`) instead of queueing a whole window of chunks in the stream: queued chunks live
 * long enough to reach V8's old generation, whose garbage costs a full collection to free.
 */
import type { LinkFrame, LinkFrame__Output } from '../gen/lienthong/v1/LinkFrame.js';
import { releaseChunkFrame } from './chunk-frame.js';
import type { FrameStream } from './link-session.js';

/** Attachment bytes queued in the stream at most before a file sender waits. */
export const CHUNK_QUEUE_BYTES = 2 * 1024 * 1024;

interface WrappedStream {
  write(message: { frame: LinkFrame }, cb?: () => void): boolean;
  end(): void;
  on(event: string, fn: (...args: never[]) => void): unknown;
  removeListener(event: string, fn: (...args: never[]) => void): unknown;
  cancel?: () => void;
}

export function frameStream(call: WrappedStream): FrameStream {
  const dataListeners = new Map<(f: LinkFrame__Output) => void, (m: { frame: LinkFrame__Output | null }) => void>();
  let queued = 0;
  let waiting: (() => void)[] = [];
  const written = (bytes: number, data?: Buffer) => () => {
    // gRPC has written the frame: the chunk's buffer may hold a later one.
    if (data) releaseChunkFrame(data);
    queued -= bytes;
    if (queued < CHUNK_QUEUE_BYTES && waiting.length > 0) {
      const ready = waiting;
      waiting = [];
      for (const r of ready) r();
    }
  };
  // The stream is over (ended here, or closed): nobody waits for room any more.
  const release = (): void => {
    queued = 0;
    written(0)();
  };
  call.on('close', release);
  const adapter = {
    write: (frame: LinkFrame) => {
      const data = frame.attachmentChunk?.data;
      const bytes = data?.length ?? 0;
      if (bytes === 0) return call.write({ frame });
      queued += bytes;
      return call.write({ frame }, written(bytes, Buffer.isBuffer(data) ? data : undefined));
    },
    chunkRoom: (): Promise<void> => (queued < CHUNK_QUEUE_BYTES ? Promise.resolve() : new Promise<void>((r) => waiting.push(r))),
    end: () => {
      release();
      call.end();
    },
    on(event: string, fn: (...args: never[]) => void) {
      if (event === 'data') {
        const inner = (m: { frame: LinkFrame__Output | null }) => {
          if (m.frame) (fn as unknown as (f: LinkFrame__Output) => void)(m.frame);
        };
        dataListeners.set(fn as unknown as (f: LinkFrame__Output) => void, inner);
        call.on('data', inner as never);
      } else {
        call.on(event, fn);
      }
      return adapter;
    },
    removeAllListeners(event?: string) {
      if (event === 'data') {
        for (const inner of dataListeners.values()) call.removeListener('data', inner as never);
        dataListeners.clear();
      }
      return adapter;
    },
    ...(call.cancel ? { cancel: () => call.cancel!() } : {}),
  };
  return adapter as FrameStream;
}
