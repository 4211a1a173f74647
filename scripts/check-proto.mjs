// Fails when src/gen is stale: regenerates the TypeScript types from proto/ into a temporary folder
// and compares them with the committed ones.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = mkdtempSync(join(tmpdir(), 'lienthong-gen-'));
const args = pkg.scripts['gen:proto'].split(/\s+/).slice(1).map((a) => (a === 'src/gen' ? out : a));
execFileSync('node_modules/.bin/proto-loader-gen-types', args, { stdio: 'inherit' });
const list = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]));
const want = new Map(list(out).map((f) => [relative(out, f), readFileSync(f, 'utf8')]));
const have = new Map(list('src/gen').map((f) => [relative('src/gen', f), readFileSync(f, 'utf8')]));
rmSync(out, { recursive: true, force: true });
const stale = [...new Set([...want.keys(), ...have.keys()])].filter((f) => want.get(f) !== have.get(f));
if (stale.length) {
  console.error(`src/gen is stale (${stale.join(', ')}): run \`npm run gen:proto\` and commit the result`);
  process.exit(1);
}
console.log('src/gen matches proto/');
