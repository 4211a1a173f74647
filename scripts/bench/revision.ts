/** The source revision a run measured: git commit and whether the work tree had changes. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Revision {
  commit: string;
  /** Files changed but not committed when the run started (their changes were measured too). */
  dirtyFiles: number;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function currentRevision(): Revision | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = git('status', '--porcelain', '--untracked-files=no');
    return { commit: git('rev-parse', 'HEAD'), dirtyFiles: status === '' ? 0 : status.split('\n').length };
  } catch {
    return undefined; // not a git checkout (e.g. an installed package)
  }
}
