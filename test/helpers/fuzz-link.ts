/**
 * A hostile node on a real link: dials the node under test with a child's node certificate, says
 * Hello, then writes whatever frames a fuzzer hands it, and collects what the node answers. A
 * session counts as hung when an expected answer (an ack per transfer, a status per offer) has not
 * come within a bound.
 */
import * as grpc from '@grpc/grpc-js';
import type { LinkFrame, LinkFrame__Output } from '../../src/gen/lienthong/v1/LinkFrame.js';
import type { LinkServiceClient } from '../../src/gen/lienthong/v1/LinkService.js';
import { dialCredentials, readTlsFiles, type TlsFiles } from '../../src/link/tls-credentials.js';
import { loadProto } from '../../src/service/proto.js';

export const LINK_ANSWER_DEADLINE_MS = 15_000;

export interface LinkExchange {
  /** Frames the node sent after its Hello. */
  frames: LinkFrame__Output[];
  /** How the stream ended: null when it ended cleanly (or is still open and was ended by us). */
  error: grpc.ServiceError | null;
  /** What was expected and never came (empty when every answer came). */
  missing: string[];
}

export class HostileLink {
  private readonly client: LinkServiceClient;

  constructor(address: string, tls: TlsFiles, nodeCode: string, private readonly self: string) {
    const proto = loadProto();
    this.client = new proto.LinkService(address, dialCredentials(readTlsFiles(tls), nodeCode, 'node'), { 'grpc.ssl_target_name_override': 'lienthong-node' }) as unknown as LinkServiceClient;
  }

  /**
   * Opens a link, writes `frames` after the Hello exchange, and waits until `answered` says every
   * expected answer is in (or the bound passes), then ends the stream and waits for it to close.
   */
  exchange(frames: LinkFrame[], expected: (got: LinkFrame__Output[]) => string[]): Promise<LinkExchange> {
    return new Promise((resolve) => {
      const call = this.client.Connect();
      const got: LinkFrame__Output[] = [];
      let helloSeen = false;
      let error: grpc.ServiceError | null = null;
      let finished = false;
      let statusSeen = false;
      let onStatus = (): void => {
        statusSeen = true;
      };
      call.on('status', () => onStatus());
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(bound);
        const missing = error ? [] : expected(got);
        call.end();
        // The node ends its side once ours is ended: wait for the close (bounded as well).
        const closing = setTimeout(() => {
          call.cancel();
          resolve({ frames: got, error, missing: [...missing, 'the stream to close after the client ended it'] });
        }, LINK_ANSWER_DEADLINE_MS);
        const closed = () => {
          clearTimeout(closing);
          resolve({ frames: got, error, missing });
        };
        if (statusSeen) closed();
        else onStatus = closed;
      };
      const bound = setTimeout(finish, LINK_ANSWER_DEADLINE_MS);
      call.on('data', ({ frame }: { frame: LinkFrame__Output | null }) => {
        if (!frame) return;
        if (!helloSeen && frame.hello) {
          helloSeen = true;
          for (const f of frames) call.write({ frame: f });
          if (expected(got).length === 0) setImmediate(finish);
          return;
        }
        got.push(frame);
        if (expected(got).length === 0) finish();
      });
      call.on('error', (err: grpc.ServiceError) => {
        error = err;
        finish();
      });
      call.write({ frame: { hello: { nodeCode: this.self, softwareVersion: 'fuzz', window: 512 } } });
    });
  }

  close(): void {
    this.client.close();
  }
}
