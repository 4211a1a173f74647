/**
 * The results of a run: one JSON document (machine, command line, every section's figures and
 * details) and a short markdown table (measurement, result, target, ratio to ceiling/target),
 * written as <date>.json and <date>.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Machine } from './machine.js';
import type { Revision } from './revision.js';
import type { Ceilings, Measurement, SectionResult, Target } from './measurement.js';

export interface BenchReport {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  command: string;
  options: { seed: number; quick: boolean; only: string[] };
  machine: Machine;
  revision?: Revision;
  /** 1, 5 and 15 minute load averages at the end of the run. */
  loadAverageAtEnd: number[];
  ceilings?: Ceilings;
  sections: SectionResult[];
}

export interface ReportFiles {
  json: string;
  markdown: string;
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en');
  return Number(x.toPrecision(3)).toString();
}

export function targetMet(m: Measurement): boolean | undefined {
  if (!m.target) return undefined;
  return m.target.op === '>=' ? m.value >= m.target.value : m.value < m.target.value;
}

function targetText(t: Target, unit: string): string {
  return `${t.op === '>=' ? '≥' : '<'} ${formatNumber(t.value)} ${unit}`;
}

function ratioText(m: Measurement): string {
  const parts: string[] = [];
  if (m.ceiling) parts.push(`${formatNumber((100 * m.value) / m.ceiling.value)} % of ceiling`);
  if (m.target) parts.push(`${(m.value / m.target.value).toFixed(2)}× target ${targetMet(m) ? '✓' : '✗'}`);
  return parts.join(' · ') || '—';
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `# lienthong benchmark, ${r.startedAt.slice(0, 10)}${r.options.quick ? ' (quick: tiny sizes, figures mean nothing)' : ''}`,
    '',
    `${m.cpuCount} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, Linux ${m.kernel}; load average at start ${m.loadAverageAtStart.join(' / ')}, ` +
      `at end ${r.loadAverageAtEnd.join(' / ')} (other CPU-heavy work makes figures pessimistic). ` +
      `Seed ${r.options.seed}, ${Math.round(r.durationMs / 1000)} s` +
      `${r.revision ? `, commit ${r.revision.commit.slice(0, 7)}${r.revision.dirtyFiles ? ` + ${r.revision.dirtyFiles} changed files` : ''}` : ''}. \`${r.command}\``,
    '',
    '| measurement | result | target | ratio to ceiling/target |',
    '|---|---|---|---|',
  ];
  const ceilings = new Map<string, number>();
  for (const s of r.sections) {
    for (const x of s.measurements) {
      const result = `${x.display ?? `${formatNumber(x.value)} ${x.unit}`}${x.note ? ` ${x.note}` : ''}`;
      lines.push(`| ${cell(x.label)} | ${cell(result)} | ${x.target ? targetText(x.target, x.unit) : '—'} | ${ratioText(x)} |`);
      if (x.ceiling) ceilings.set(x.ceiling.label, x.ceiling.value);
    }
    if (s.error) lines.push(`| **${cell(s.title)}: failed** | ${cell(s.error.split('\n')[0]!)} | — | — |`);
  }
  if (ceilings.size > 0) {
    lines.push('', 'Ceilings the ratios use (measured in this run):');
    for (const [label, value] of ceilings) lines.push(`- ${label}: ${formatNumber(value)}/s`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeReport(outDir: string, r: BenchReport, markdown: string): ReportFiles {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const base = `${r.startedAt.slice(0, 10)}${r.options.quick ? '-quick' : ''}`;
  const files = { json: join(dir, `${base}.json`), markdown: join(dir, `${base}.md`) };
  writeFileSync(files.json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(files.markdown, markdown);
  return files;
}
