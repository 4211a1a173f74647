/**
 * A small TCP proxy (plain `node:net`) put between a child node and its parent, controllable from
 * the same process: `cut()` destroys every connection and refuses new ones, `stall()` stops
 * forwarding bytes while keeping connections open, `restore()` goes back to forwarding. It never
 * looks inside the bytes, so the nodes' mutual TLS passes through untouched.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyState = 'open' | 'cut' | 'stalled';

export interface TcpProxyOptions {
  /** Where connections are forwarded (the parent's real peer port). */
  targetHost: string;
  targetPort: number;
  /** Where the proxy listens; port 0 picks a free one. */
  listenHost?: string;
  listenPort?: number;
}

/** One proxied connection: the accepted socket and the one dialed to the target. */
class Pipe {
  private readonly waiting = new Set<Socket>();

  constructor(readonly client: Socket, readonly upstream: Socket, private readonly isStalled: () => boolean, onClose: () => void) {
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      client.destroy();
      upstream.destroy();
      onClose();
    };
    this.forward(client, upstream);
    this.forward(upstream, client);
    for (const s of [client, upstream]) {
      s.on('error', close);
      s.on('close', close);
    }
  }

  /** Copies `from` to `to` by hand (not `pipe()`, whose backpressure would resume a stalled side). */
  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) {
        from.pause();
        this.waiting.add(from);
        to.once('drain', () => {
          this.waiting.delete(from);
          if (!this.isStalled()) from.resume();
        });
      }
    });
    from.on('end', () => to.end());
  }

  pause(): void {
    this.client.pause();
    this.upstream.pause();
  }

  resume(): void {
    for (const s of [this.client, this.upstream]) if (!this.waiting.has(s)) s.resume();
  }

  destroy(): void {
    this.client.destroy();
    this.upstream.destroy();
  }
}

export class TcpProxy {
  private server: Server | null = null;
  private readonly pipes = new Set<Pipe>();
  private current: ProxyState = 'open';
  /** Connections accepted since the proxy started (for reports and tests). */
  accepted = 0;
  /** Connections refused because the link was cut. */
  refused = 0;

  private constructor(private readonly o: Required<TcpProxyOptions>) {}

  static async start(options: TcpProxyOptions): Promise<TcpProxy> {
    const proxy = new TcpProxy({ listenHost: '127.0.0.1', listenPort: 0, ...options });
    await proxy.listen();
    return proxy;
  }

  get state(): ProxyState {
    return this.current;
  }

  get port(): number {
    const a = this.server?.address();
    if (!a || typeof a === 'string') throw new Error('proxy is not listening');
    return a.port;
  }

  /** host:port to give the child as its parent's address. */
  get address(): string {
    return `${this.o.listenHost}:${this.port}`;
  }

  get connections(): number {
    return this.pipes.size;
  }

  /** Destroys every connection and refuses new ones until `restore()`. */
  cut(): void {
    this.current = 'cut';
    for (const p of this.pipes) p.destroy();
    this.pipes.clear();
  }

  /** Stops forwarding bytes both ways; connections stay open (a black hole, as on a dead route). */
  stall(): void {
    this.current = 'stalled';
    for (const p of this.pipes) p.pause();
  }

  /** Forwards again (after a cut, new connections are accepted; after a stall, bytes flow on). */
  restore(): void {
    this.current = 'open';
    for (const p of this.pipes) p.resume();
  }

  async close(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(): Promise<void> {
    const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => this.onConnection(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.listenPort, this.o.listenHost, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  }

  private onConnection(client: Socket): void {
    if (this.current === 'cut') {
      this.refused++;
      client.on('error', () => undefined);
      client.destroy();
      return;
    }
    this.accepted++;
    client.pause();
    const upstream = connect({ host: this.o.targetHost, port: this.o.targetPort, allowHalfOpen: true, noDelay: true });
    upstream.pause();
    const pipe = new Pipe(client, upstream, () => this.current === 'stalled', () => this.pipes.delete(pipe));
    this.pipes.add(pipe);
    // Bytes written before the upstream connects are buffered by the socket.
    if (this.current === 'open') pipe.resume();
  }
}
