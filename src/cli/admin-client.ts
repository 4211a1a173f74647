/**
 * The CLI's connection to a running node's admin socket (found through the node's configuration),
 * with each call as a promise. Errors come back as LienthongError. Every call has a time limit (see
 * admin-deadline.ts): a node that does not answer within it is NODE_UNREACHABLE (NodeSilent).
 */
import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceClient } from '../gen/lienthong/v1/AdminService.js';
import { upload } from '../client/upload.js';
import { LienthongError } from '../domain/errors.js';
import { CHANNEL_OPTIONS } from '../link/tls-credentials.js';
import { loadConfig } from '../node/config-load.js';
import { ERROR_CODE_KEY, fromServiceError } from '../service/grpc-status.js';
import { loadProto } from '../service/proto.js';
import { DEFAULT_TIMEOUT_SECONDS, NodeSilent, paced, SilenceTimer } from './admin-deadline.js';

export interface NodeTarget {
  config?: string | undefined;
  socket?: string | undefined;
  /** Seconds to wait for the node (for a streaming call: without progress); DEFAULT_TIMEOUT_SECONDS when absent. */
  timeout?: number | undefined;
}

type Unary<Req, Res> = (req: Req, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown;

export class AdminClient {
  private constructor(
    private readonly client: AdminServiceClient,
    readonly socket: string,
    /** How the node is named in a timeout: its code, or "at SOCKET". */
    private readonly node: string,
    private readonly seconds: number,
  ) {}

  static open(target: NodeTarget): AdminClient {
    const config = target.socket === undefined && target.config ? loadConfig(target.config) : undefined;
    const socket = target.socket ?? config?.adminSocket;
    if (!socket) throw new LienthongError('INVALID_ARGUMENT', 'say which node: --config NODE.yaml (or --socket PATH)');
    if (!existsSync(socket)) {
      throw new LienthongError('NODE_UNREACHABLE', `no admin socket at ${socket}: is the node running? Start it with \`lienthong start --config ...\``);
    }
    const proto = loadProto();
    const client = new proto.AdminService(`unix:${socket}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS) as unknown as AdminServiceClient;
    return new AdminClient(client, socket, config ? config.node.code : `at ${socket}`, target.timeout ?? DEFAULT_TIMEOUT_SECONDS);
  }

  /**
   * A unary call, with a deadline for the whole call; except an outbox action, which may rightly
   * take long (deleting a large backlog makes a non-delivery report per entry): the node must
   * answer the connection within the limit (a stopped node does not), then the action has no limit.
   */
  async call<Req, Res>(method: keyof AdminServiceClient & string, req: Req): Promise<Res> {
    const fn = (this.client[method] as unknown as Unary<Req, Res>).bind(this.client);
    const unbounded = method === 'OutboxAction';
    if (unbounded) await this.ready();
    return new Promise((resolve, reject) => {
      const options = unbounded ? {} : { deadline: Date.now() + this.seconds * 1000 };
      fn(req, options, (err, res) => (err ? reject(this.unaryError(err)) : resolve(res as Res)));
    });
  }

  /** Resolves once the node has answered the connection, or fails as NodeSilent after the time limit. */
  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      (this.client as unknown as grpc.Client).waitForReady(Date.now() + this.seconds * 1000, (err) => (err ? reject(new NodeSilent(this.node, this.seconds, { cause: err })) : resolve()));
    });
  }

  /**
   * A client-streaming call: writes each item of `source` (waiting for drain), then the answer (see
   * upload.ts). Cancelled when the node takes nothing, or does not answer, for the time limit: gRPC
   * buffers up to 16 pieces before it waits for drain, so each piece written counts as progress.
   */
  async upload<Req, Res>(method: keyof AdminServiceClient & string, source: AsyncIterable<Req>): Promise<Res> {
    type ClientStream = (cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientWritableStream<Req>;
    const open = (this.client[method] as unknown as ClientStream).bind(this.client);
    let call: grpc.ClientWritableStream<Req> | undefined;
    const silence = new SilenceTimer(this.seconds * 1000, () => call?.cancel());
    try {
      // Progress: each piece gRPC has written (at the pace the node reads), and each read of the source.
      return await upload((cb) => (call = open(cb)), paced(source, silence), undefined, () => silence.touch(), false);
    } catch (err) {
      throw silence.fired ? new NodeSilent(this.node, this.seconds, { cause: err }) : err;
    } finally {
      silence.pause();
    }
  }

  /** A server-streaming call, as an async iterable of its answers; cancelled when the node sends nothing for the time limit. */
  async *download<Req, Res>(method: keyof AdminServiceClient & string, req: Req): AsyncGenerator<Res> {
    type ServerStream = (req: Req) => grpc.ClientReadableStream<Res>;
    const call = (this.client[method] as unknown as ServerStream).call(this.client, req);
    const silence = new SilenceTimer(this.seconds * 1000, () => call.cancel());
    try {
      for await (const item of call) {
        // What the caller does with an answer (writing it to disk) is not the node's silence.
        silence.pause();
        yield item as Res;
        silence.resume();
      }
    } catch (err) {
      throw silence.fired ? new NodeSilent(this.node, this.seconds, { cause: err }) : fromServiceError(err as grpc.ServiceError, false);
    } finally {
      silence.pause();
    }
  }

  close(): void {
    this.client.close();
  }

  /** The call's deadline passed (gRPC's own DEADLINE_EXCEEDED: a node's carries its error code). */
  private unaryError(err: grpc.ServiceError): LienthongError {
    const ours = err.code === grpc.status.DEADLINE_EXCEEDED && (err.metadata?.get(ERROR_CODE_KEY) ?? []).length === 0;
    return ours ? new NodeSilent(this.node, this.seconds, { cause: err }) : fromServiceError(err, false);
  }
}

/** Opens a client, runs `fn`, closes it. */
export async function withAdmin<T>(target: NodeTarget, fn: (c: AdminClient) => Promise<T>): Promise<T> {
  const c = AdminClient.open(target);
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}
