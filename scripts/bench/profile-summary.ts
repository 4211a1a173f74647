/**
 * Summarises V8 CPU profiles (written by `npm run bench -- --cpu-prof-dir DIR`): the functions with
 * the most self time, per profile and over all of them, and each profile's busy time by area of the
 * code (profile-areas.ts).
 *
 *   node dist/scripts/bench/profile-summary.js DIR_OR_FILE.. [--top N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AREAS, areaTimes } from './profile-areas.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  fn: string;
  ms: number;
  share: number;
}

function frameName(n: ProfileNode): string {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const url = f.url.replace(/^file:\/\//, '');
  const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url.includes('/dist/') ? url.slice(url.indexOf('/dist/') + 6) : url;
  return `${name} ${short}:${f.lineNumber + 1}`;
}

/** Self time per function (ms), largest first. */
export function selfTimes(p: CpuProfile): SelfTime[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(p.samples[i]!);
    if (!node) continue;
    const key = frameName(node);
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  }
  return [...totals].map(([fn, ms]) => ({ fn, ms, share: all > 0 ? ms / all : 0 })).sort((a, b) => b.ms - a.ms);
}

function profilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((n) => profilesIn(join(path, n))).filter((f) => f.endsWith('.cpuprofile'));
}

function print(title: string, rows: SelfTime[], top: number): void {
  const total = rows.reduce((s, r) => s + r.ms, 0);
  process.stdout.write(`\n${title} (${Math.round(total)} ms sampled)\n`);
  for (const r of rows.slice(0, top)) process.stdout.write(`  ${(r.share * 100).toFixed(1).padStart(5)} %  ${Math.round(r.ms).toString().padStart(7)} ms  ${r.fn}\n`);
}

function printAreas(p: CpuProfile): void {
  const { busyMs, byArea } = areaTimes(p);
  process.stdout.write(`  busy ${Math.round(busyMs)} ms, by area:\n`);
  for (const area of AREAS) {
    const ms = byArea.get(area) ?? 0;
    process.stdout.write(`  ${((busyMs > 0 ? ms / busyMs : 0) * 100).toFixed(1).padStart(5)} %  ${area}\n`);
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  if (args.length === 0) {
    process.stderr.write('usage: profile-summary.js DIR_OR_FILE.. [--top N]\n');
    process.exit(64);
  }
  const merged = new Map<string, number>();
  for (const file of args.flatMap(profilesIn)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const rows = selfTimes(profile);
    print(relative(process.cwd(), file), rows, top);
    printAreas(profile);
    for (const r of rows) merged.set(r.fn, (merged.get(r.fn) ?? 0) + r.ms);
  }
  const total = [...merged.values()].reduce((a, b) => a + b, 0);
  print('all profiles', [...merged].map(([fn, ms]) => ({ fn, ms, share: ms / total })).sort((a, b) => b.ms - a.ms), top);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
