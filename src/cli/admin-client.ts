/**
 * The CLI's connection to a running node's admin socket (found through the node's configuration),
 * with each call as a promise. Errors come back as LienthongError.
 */
import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceClient } from '../gen/lienthong/v1/AdminService.js';
import { upload } from '../client/upload.js';
import { LienthongError } from '../domain/errors.js';
import { CHANNEL_OPTIONS } from '../link/tls-credentials.js';
import { loadConfig } from '../node/config-load.js';
import { fromServiceError } from '../service/grpc-status.js';
import { loadProto } from '../service/proto.js';

export interface NodeTarget {
  config?: string | undefined;
  socket?: string | undefined;
}

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown;

export class AdminClient {
  private constructor(private readonly client: AdminServiceClient, readonly socket: string) {}

  static open(target: NodeTarget): AdminClient {
    const socket = target.socket ?? (target.config ? loadConfig(target.config).adminSocket : undefined);
    if (!socket) throw new LienthongError('INVALID_ARGUMENT', 'say which node: --config NODE.yaml (or --socket PATH)');
    if (!existsSync(socket)) {
      throw new LienthongError('NODE_UNREACHABLE', `no admin socket at ${socket}: is the node running? Start it with \`lienthong start --config ...\``);
    }
    const proto = loadProto();
    const client = new proto.AdminService(`unix:${socket}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS) as unknown as AdminServiceClient;
    return new AdminClient(client, socket);
  }

  call<Req, Res>(method: keyof AdminServiceClient & string, req: Req): Promise<Res> {
    const fn = (this.client[method] as unknown as Unary<Req, Res>).bind(this.client);
    return new Promise((resolve, reject) => {
      fn(req, (err, res) => (err ? reject(fromServiceError(err)) : resolve(res as Res)));
    });
  }

  /** A client-streaming call: writes each item of `source` (waiting for drain), then the answer (see upload.ts). */
  upload<Req, Res>(method: keyof AdminServiceClient & string, source: AsyncIterable<Req>): Promise<Res> {
    type ClientStream = (cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientWritableStream<Req>;
    return upload((this.client[method] as unknown as ClientStream).bind(this.client), source);
  }

  /** A server-streaming call, as an async iterable of its answers. */
  async *download<Req, Res>(method: keyof AdminServiceClient & string, req: Req): AsyncGenerator<Res> {
    type ServerStream = (req: Req) => grpc.ClientReadableStream<Res>;
    const call = (this.client[method] as unknown as ServerStream).call(this.client, req);
    try {
      for await (const item of call) yield item as Res;
    } catch (err) {
      throw fromServiceError(err as grpc.ServiceError);
    }
  }

  close(): void {
    this.client.close();
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
