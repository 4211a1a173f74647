/** Runs the built CLI as a user runs it (`node dist/src/cli/main.js ...`), capturing its output. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI } from '../../scripts/lib/node-process.js';

const run = promisify(execFile);

export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
