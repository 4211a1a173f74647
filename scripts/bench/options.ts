/**
 * What a benchmark run is asked to do (the options of `npm run bench`) and the workload sizes of a
 * full run and of the --quick smoke run.
 */

export const SECTION_NAMES = ['ceiling', 'idle', 'one-hop', 'chain', 'six-hops', 'fan-out', 'backlog', 'attachments'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface BenchOptions {
  /** Seeds every random choice of the workload (bodies, arrival times, recipient order). */
  seed: number;
  /** Tiny sizes: checks that every section runs, its figures mean nothing. */
  quick: boolean;
  /** Sections to run; all of them when absent or empty. */
  only?: SectionName[] | undefined;
  /** Folder for <date>.json and <date>.md. */
  outDir: string;
  /** The command line recorded in the report. */
  command?: string | undefined;
  /** When set, every node process writes a V8 CPU profile into <dir>/<node name>/. */
  cpuProfDir?: string | undefined;
  /** Progress lines (default: stderr). */
  log?: ((line: string) => void) | undefined;
}

export interface DocSize {
  label: string;
  bytes: number;
  count: number;
  /**
   * Count for a single sender: it waits for one durable commit per document, so a smaller count
   * gives the same rate in less time.
   */
  countOneSender: number;
}

export interface Sizes {
  /** How long each ceiling measurement runs, after a warm-up. */
  ceilingMs: number;
  warmupMs: number;
  oneHop: { docs: DocSize[]; senders: number[] };
  chain: { count: number; senders: number };
  /**
   * `warmUpCount` documents go through the six hops first, not counted: the latency at a fixed load
   * is that of nodes that have been running (V8 has optimised the relay's code), not of a cold start.
   */
  sixHops: { warmUpCount: number; loads: number[]; loadMs: number; saturationCount: number; senders: number };
  fanOut: { provinces: number; agenciesPerProvince: number; rounds: number };
  backlog: { count: number; senders: number };
  /** RSS read `settleMs` after the link is up and again after `idleMs` (the steady idle state). */
  idle: { starts: number; settleMs: number; idleMs: number };
  /**
   * One document with one file of this many bytes, six hops; then `warmDocuments` documents of
   * 1 KiB through the same nodes, `warmPauseMs` without traffic, and another file of that size.
   */
  attachments: { bytes: number; warmDocuments: number; warmPauseMs: number };
}

export const FULL: Sizes = {
  ceilingMs: 3000,
  warmupMs: 500,
  oneHop: {
    docs: [
      { label: '1 KiB', bytes: 1024, count: 5000, countOneSender: 1000 },
      { label: '100 KiB', bytes: 100 * 1024, count: 500, countOneSender: 200 },
    ],
    senders: [1, 16, 64],
  },
  chain: { count: 5000, senders: 64 },
  sixHops: { warmUpCount: 3000, loads: [50, 200, 1000], loadMs: 5000, saturationCount: 2000, senders: 64 },
  fanOut: { provinces: 10, agenciesPerProvince: 10, rounds: 5 },
  backlog: { count: 100_000, senders: 16 },
  idle: { starts: 3, settleMs: 3000, idleMs: 15_000 },
  attachments: { bytes: 200_000_000, warmDocuments: 10_000, warmPauseMs: 8000 },
};

export const QUICK: Sizes = {
  ceilingMs: 200,
  warmupMs: 50,
  oneHop: {
    docs: [
      { label: '1 KiB', bytes: 1024, count: 40, countOneSender: 20 },
      { label: '100 KiB', bytes: 100 * 1024, count: 8, countOneSender: 4 },
    ],
    senders: [1, 4, 8],
  },
  chain: { count: 40, senders: 8 },
  sixHops: { warmUpCount: 32, loads: [50, 200, 1000], loadMs: 100, saturationCount: 40, senders: 8 },
  fanOut: { provinces: 3, agenciesPerProvince: 3, rounds: 1 },
  backlog: { count: 200, senders: 8 },
  idle: { starts: 1, settleMs: 100, idleMs: 300 },
  attachments: { bytes: 2_000_000, warmDocuments: 40, warmPauseMs: 100 },
};

export function sizesFor(o: Pick<BenchOptions, 'quick'>): Sizes {
  return o.quick ? QUICK : FULL;
}

export function selectedSections(only: readonly string[] | undefined): SectionName[] {
  if (!only || only.length === 0) return [...SECTION_NAMES];
  for (const name of only) {
    if (!(SECTION_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown section "${name}": choose among ${SECTION_NAMES.join(', ')}`);
    }
  }
  return SECTION_NAMES.filter((n) => only.includes(n));
}
