/**
 * Runs the benchmark sections in order (the ceiling first, so the others can be read as fractions
 * of it), keeps going when one fails (its error goes into the report), and writes the report.
 */
import { loadavg } from 'node:os';
import { attachmentsSection } from './attachments.js';
import { backlogSection } from './backlog.js';
import { ceilingSection } from './ceiling.js';
import { chainSection } from './chain.js';
import { fanOutSection } from './fan-out.js';
import { idleSection } from './idle.js';
import { describeMachine } from './machine.js';
import type { SectionResult } from './measurement.js';
import { oneHopSection } from './one-hop.js';
import { selectedSections, sizesFor, type BenchOptions, type SectionName } from './options.js';
import { renderMarkdown, writeReport, type BenchReport, type ReportFiles } from './report.js';
import { currentRevision } from './revision.js';
import type { Section, SectionContext } from './section.js';
import { sixHopsSection } from './six-hops.js';

const SECTIONS: Record<SectionName, Section> = {
  ceiling: ceilingSection,
  idle: idleSection,
  'one-hop': oneHopSection,
  chain: chainSection,
  'six-hops': sixHopsSection,
  'fan-out': fanOutSection,
  backlog: backlogSection,
  attachments: attachmentsSection,
};

export interface BenchRun {
  report: BenchReport;
  markdown: string;
  files: ReportFiles;
}

export async function runBench(o: BenchOptions): Promise<BenchRun> {
  const names = selectedSections(o.only);
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const machine = describeMachine();
  const revision = currentRevision();
  const started = new Date();
  const ctx: SectionContext = { seed: o.seed, quick: o.quick, sizes: sizesFor(o), cpuProfDir: o.cpuProfDir, log };
  const sections: SectionResult[] = [];
  for (const name of names) {
    const section = SECTIONS[name];
    const t0 = performance.now();
    const loadAverageAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
    log(`── ${section.title} (load average ${loadAverageAtStart.join(' / ')})`);
    try {
      const out = await section.run(ctx);
      sections.push({ name, title: section.title, durationMs: Math.round(performance.now() - t0), loadAverageAtStart, ...out });
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`${name} failed: ${error}`);
      sections.push({ name, title: section.title, durationMs: Math.round(performance.now() - t0), loadAverageAtStart, measurements: [], details: {}, error });
    }
  }
  const finished = new Date();
  const report: BenchReport = {
    schema: 1,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    command: o.command ?? `runBench(${JSON.stringify({ seed: o.seed, quick: o.quick, only: o.only ?? [] })})`,
    options: { seed: o.seed, quick: o.quick, only: names },
    machine,
    ...(revision ? { revision } : {}),
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    ...(ctx.ceilings ? { ceilings: ctx.ceilings } : {}),
    sections,
  };
  const markdown = renderMarkdown(report);
  return { report, markdown, files: writeReport(o.outDir, report, markdown) };
}
