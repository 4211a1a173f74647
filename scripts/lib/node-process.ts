/**
 * Runs a lienthong node as a separate OS process (`lienthong start --config ...`), waits until it
 * listens, and stops or kills it. Its JSON logs go to <dataDir>/../node.log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../../src/cli/node-flags.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export class NodeProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  restarts = 0;

  constructor(readonly name: string, readonly configPath: string, private readonly logLevel = 'info') {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process and resolves once it prints its listening line (`extraArgs` go after `start`'s own). */
  start(timeoutMs = 15_000, extraArgs: readonly string[] = []): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const log = createWriteStream(join(dirname(this.configPath), 'node.log'), { flags: 'a' });
    // With the Node.js options and environment `lienthong start` runs with (the first line of main.ts).
    const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, CLI, 'start', '--config', this.configPath, '--log-level', this.logLevel, ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...DAEMON_ENV },
    });
    this.child = child;
    child.stderr!.pipe(log);
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      if (this.child === child) this.child = null;
      resolve(code);
    }));
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start within ${timeoutMs} ms (see ${dirname(this.configPath)}/node.log)`)), timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with code ${code} while starting (see ${dirname(this.configPath)}/node.log)`));
      });
    });
  }

  /** Clean stop (SIGTERM: drain, then exit). Resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child) return null;
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** Sends a signal without waiting (a second SIGTERM forces the exit). */
  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  /** Resolves with the exit code once the process has exited. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  /** Crash: SIGKILL, no chance to clean up. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    this.restarts++;
    await this.start();
  }
}
