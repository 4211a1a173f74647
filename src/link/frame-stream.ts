/**
 * Adapts a gRPC Connect stream (messages that each wrap one LinkFrame, as buf's RPC naming rules
 * want distinct request and response types) to the plain frame stream a link session speaks.
 */
import type { LinkFrame, LinkFrame__Output } from '../gen/lienthong/v1/LinkFrame.js';
import type { FrameStream } from './link-session.js';

interface WrappedStream {
  write(message: { frame: LinkFrame }): boolean;
  end(): void;
  on(event: string, fn: (...args: never[]) => void): unknown;
  removeListener(event: string, fn: (...args: never[]) => void): unknown;
  cancel?: () => void;
}

export function frameStream(call: WrappedStream): FrameStream {
  const dataListeners = new Map<(f: LinkFrame__Output) => void, (m: { frame: LinkFrame__Output | null }) => void>();
  const adapter = {
    write: (frame: LinkFrame) => call.write({ frame }),
    end: () => call.end(),
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
