/**
 * How long the CLI waits for a node on its admin socket. A node that is stopped (SIGSTOP),
 * overloaded or hung still has the kernel accept its connections, and gRPC then waits for the
 * node's HTTP/2 settings with no limit of its own: without a deadline a command waits forever.
 *
 * A unary call gets a gRPC deadline for the whole call. A streaming call (an upload of hundreds of
 * MB, an export) may rightly last longer than any deadline, and gRPC's deadline covers the whole of
 * a stream (per-message limits are the client's own timer that cancels the call, as grpc-js's
 * maintainers advise: grpc/grpc#9443): its limit is on silence instead, the time the node has taken
 * or sent nothing while the CLI waits for it.
 */
import { LienthongError } from '../domain/errors.js';

/** `--timeout` of the commands that query a node, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** `check --timeout`: monitoring wants its answer before its own timeout. */
export const CHECK_TIMEOUT_SECONDS = 10;

/** The node did not answer in time: exit 3, as for a node not reachable. */
export class NodeSilent extends LienthongError {
  constructor(readonly node: string, readonly seconds: number, options?: { cause?: unknown }) {
    super('NODE_UNREACHABLE', `node ${node} did not answer within ${seconds} s: it may be stopped (SIGSTOP), overloaded or hung; check its process and log`, options);
  }
}

/**
 * Calls `onSilence` once when `ms` pass with no progress. Paused while the CLI itself is busy (reading
 * a file to send, writing one received): only the node's silence counts.
 */
export class SilenceTimer {
  private timer: NodeJS.Timeout | null = null;
  fired = false;

  constructor(private readonly ms: number, private readonly onSilence: () => void) {
    this.resume();
  }

  /** Progress, or the CLI waits for the node again: the whole time from now. */
  resume(): void {
    this.pause();
    if (this.fired) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fired = true;
      this.onSilence();
    }, this.ms);
  }

  /** Progress while the timer runs (a piece the node took): the whole time again; nothing while paused. */
  touch(): void {
    if (this.timer) this.resume();
  }

  pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * `source` as an upload reads it: the timer stops while the next item is read (the CLI's own work)
 * and starts again once it is handed over. An upload asks for the next item only once gRPC has room
 * for it, so a node that takes nothing leaves the timer running.
 */
export async function* paced<T>(source: AsyncIterable<T>, silence: SilenceTimer): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      silence.pause();
      const next = await it.next();
      silence.resume();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Ended early (the node answered, or the call was cancelled): the source closes its files.
    await it.return?.();
  }
}
