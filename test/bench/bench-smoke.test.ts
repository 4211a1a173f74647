/**
 * The benchmark suite in --quick mode (tiny counts): every section runs against real node
 * processes and produces numbers, and the JSON and markdown reports are written. Timing is never
 * asserted here: figures on a shared test machine mean nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SECTION_NAMES } from '../../scripts/bench/options.js';
import { runBench } from '../../scripts/bench/run-bench.js';

describe('npm run bench -- --quick', () => {
  const out = mkdtempSync(join(tmpdir(), 'lienthong-bench-test-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('runs every section, each producing numbers, and writes the JSON and markdown reports', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const run = await runBench({ seed: 7, quick: true, outDir: out, log: (l) => lines.push(l) });

    assert.deepEqual(run.report.sections.map((s) => s.name), [...SECTION_NAMES]);
    for (const s of run.report.sections) {
      assert.equal(s.error, undefined, `section ${s.name} failed: ${s.error}`);
      assert.ok(s.measurements.length > 0, `section ${s.name} measured nothing`);
      for (const m of s.measurements) {
        assert.ok(Number.isFinite(m.value) && m.value >= 0, `${m.id} is not a number: ${m.value}`);
      }
    }
    const ids = run.report.sections.flatMap((s) => s.measurements.map((m) => m.id));
    for (const id of ['ceiling.sqlite.1row', 'ceiling.sqlite.100rows', 'ceiling.grpc.unary1', 'ceiling.grpc.stream1k', 'one-hop.1KiB.s1', 'one-hop.100KiB.s1',
      'chain.1KiB', 'six-hops.latency.50', 'six-hops.latency.200', 'six-hops.latency.1000', 'six-hops.saturation', 'fan-out.last-inbox',
      'backlog.queue', 'backlog.drain', 'backlog.rss-growth', 'idle.rss', 'idle.startup',
      'attachments.ingest', 'attachments.e2e', 'attachments.transfer', 'attachments.rss', 'attachments.warm-rss']) {
      assert.ok(ids.includes(id), `no measurement ${id}`);
    }
    assert.equal(ids.filter((id) => id.startsWith('one-hop.')).length, 7, 'one hop: 2 sizes × 3 sender counts, and unary Send with the node signing');
    assert.ok(ids.some((id) => /^one-hop\.1KiB\.s\d+\.unary-node-signs$/.test(id)), 'one hop with unary Send, the node signing');
    assert.ok(run.report.ceilings, 'the ceiling was recorded for the ratios');

    // CPU per document, per node and for the senders, for every throughput and latency run.
    const details = (name: string) => run.report.sections.find((s) => s.name === name)!.details as Record<string, unknown>;
    type WithCpu = { cpu: { nodesMs: Record<string, number>; sendersMs: number; totalMs: number; machineBusyShare: number } };
    const cpuRuns: [string, WithCpu, string[]][] = [
      ...(details('one-hop')['runs'] as WithCpu[]).map((r): [string, WithCpu, string[]] => ['one-hop', r, ['province', 'district']]),
      ['one-hop unary, the node signs', details('one-hop')['unaryNodeSigns'] as WithCpu, ['province', 'district']],
      ['chain', details('chain')['run'] as WithCpu, ['province', 'district-24', 'district-25']],
      ...(details('six-hops')['loads'] as WithCpu[]).map((r): [string, WithCpu, string[]] => ['six-hops load', r, []]),
      ['six-hops saturation', details('six-hops')['saturation'] as WithCpu, []],
    ];
    for (const [what, r, nodes] of cpuRuns) {
      const values = Object.values(r.cpu.nodesMs);
      assert.ok(values.length >= 2 && values.every((v) => Number.isFinite(v) && v >= 0), `${what}: CPU per document of each node ${JSON.stringify(r.cpu)}`);
      for (const n of nodes) assert.ok(n in r.cpu.nodesMs, `${what}: no CPU figure for ${n}`);
      assert.ok(r.cpu.totalMs > 0 && r.cpu.totalMs >= r.cpu.sendersMs, `${what}: the run used CPU ${JSON.stringify(r.cpu)}`);
      assert.ok(r.cpu.machineBusyShare > 0 && r.cpu.machineBusyShare <= 1, `${what}: machine busy share ${r.cpu.machineBusyShare}`);
    }
    for (const id of ['one-hop.1KiB.s1', 'chain.1KiB', 'six-hops.latency.200', 'six-hops.saturation']) {
      const m = run.report.sections.flatMap((s) => s.measurements).find((x) => x.id === id)!;
      assert.match(m.note ?? '', /CPU per document: .* ms; machine \d+ % busy/, `${id} notes its CPU per document`);
    }

    assert.ok(existsSync(run.files.json) && existsSync(run.files.markdown));
    const json = JSON.parse(readFileSync(run.files.json, 'utf8'));
    assert.equal(json.options.seed, 7);
    assert.ok(json.machine.cpuCount > 0 && json.machine.node.startsWith('v'));
    assert.ok(json.command.length > 0);
    const md = readFileSync(run.files.markdown, 'utf8');
    assert.match(md, /\| measurement \| result \| target \| ratio to ceiling\/target \|/);
    assert.equal(md, run.markdown);
    for (const id of ids) assert.ok(md.includes(run.report.sections.flatMap((s) => s.measurements).find((m) => m.id === id)!.label), `${id} is in the table`);
  });
});
