/**
 * A link's frame stream without a network, for link-session unit tests: it records every frame the
 * session writes, and the test emits 'data' to play the peer's frames.
 */
import { EventEmitter } from 'node:events';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';

export class RecordingFrameStream extends EventEmitter {
  written: LinkFrame[] = [];
  write(frame: LinkFrame): boolean {
    this.written.push(frame);
    return true;
  }
  end(): void {}
}
