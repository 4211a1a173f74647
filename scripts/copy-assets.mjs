// Copies non-TypeScript assets that the compiled code loads at run time (SQL migrations, web pages)
// from src/ into dist/src/, keeping their paths.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ASSET = /\.(sql|html|css|svg)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSET.test(name)) {
      const target = join('dist', relative('.', path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
walk('src');
// The CLI runs as a program: its first line starts node with the flags and MALLOC_ARENA_MAX a
// daemon runs with (src/cli/node-flags.ts), which `node dist/src/cli/main.js` would skip.
if (existsSync('dist/src/cli/main.js')) chmodSync('dist/src/cli/main.js', 0o755);
