/**
 * The transport's ceiling: mutual-TLS gRPC between two processes on 127.0.0.1 with certificates
 * from the project's PKI — unary round trips per second (1 and many in flight) and the messages per
 * second one bidirectional stream carries (each message acknowledged on the way back).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CHANNEL_OPTIONS, dialCredentials, readTlsFiles, type TlsFiles } from '../../src/link/tls-credentials.js';
import { AckClientConstructor, type AckClient } from './ack-service.js';
import { perSecond } from './stats.js';

const ACK_SERVER = fileURLToPath(new URL('./ack-server.js', import.meta.url));

export interface AckServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export function startAckServer(server: TlsFiles): Promise<AckServer> {
  const child: ChildProcess = spawn(process.execPath, [ACK_SERVER, server.ca, server.cert, server.key], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ack server listening on (\d+)/.exec(out);
      if (m) {
        resolve({
          port: Number(m[1]),
          pid: child.pid!,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`ack server exited with code ${code} before listening`)));
  });
}

export function ackClient(port: number, client: TlsFiles, serverCode: string): AckClient {
  const creds = dialCredentials(readTlsFiles(client), serverCode, 'node');
  return new AckClientConstructor(`127.0.0.1:${port}`, creds, { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': 'lienthong-node' });
}

function unaryOnce(c: AckClient, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => c.unary(body, (err) => (err ? reject(err) : resolve())));
}

/** Round trips per second with `inFlight` calls outstanding at all times. */
export async function measureUnary(c: AckClient, body: Buffer, inFlight: number, durationMs: number, warmupMs: number): Promise<number> {
  const run = async (ms: number): Promise<{ n: number; ms: number }> => {
    const start = performance.now();
    const end = start + ms;
    let n = 0;
    const worker = async () => {
      while (performance.now() < end) {
        await unaryOnce(c, body);
        n++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return { n, ms: performance.now() - start };
  };
  await run(warmupMs);
  const r = await run(durationMs);
  return perSecond(r.n, r.ms);
}

/**
 * Messages per second over one bidirectional stream: the client keeps up to `window` messages
 * unacknowledged (like a link's window) and counts the acks.
 */
export async function measureStream(c: AckClient, body: Buffer, window: number, durationMs: number, warmupMs: number): Promise<number> {
  const call = c.stream();
  let received = 0;
  let sent = 0;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const failed = new Promise<never>((_, reject) => call.on('error', reject));
  failed.catch(() => undefined);
  call.on('data', () => {
    received++;
    if (sent - received < window / 2) poke();
  });
  call.on('drain', poke);
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let countAtStart = -1;
  let startedAt = 0;
  while (performance.now() < end) {
    if (countAtStart < 0 && performance.now() >= measureFrom) {
      countAtStart = received;
      startedAt = performance.now();
    }
    if (sent - received >= window) {
      await Promise.race([new Promise<void>((r) => (wake = r)), failed]);
      continue;
    }
    const ok = call.write(body);
    sent++;
    if (!ok) {
      await Promise.race([new Promise<void>((r) => (wake = r)), failed]);
      continue;
    }
    // Yield now and then so acks are read while writing.
    if (sent % 64 === 0) await new Promise<void>((r) => setImmediate(r));
  }
  const n = received - Math.max(0, countAtStart);
  const ms = performance.now() - (startedAt || start);
  call.cancel();
  return perSecond(n, ms);
}
