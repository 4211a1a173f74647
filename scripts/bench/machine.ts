/** The machine a run happened on, recorded with its results. */
import { cpus, freemem, loadavg, release, tmpdir, totalmem, version } from 'node:os';

export interface Machine {
  cpuModel: string;
  cpuCount: number;
  memoryGB: number;
  freeMemoryGB: number;
  node: string;
  kernel: string;
  os: string;
  platform: string;
  arch: string;
  /** 1, 5 and 15 minute load averages when the run started: other work makes figures pessimistic. */
  loadAverageAtStart: number[];
  tmpdir: string;
}

export function describeMachine(): Machine {
  const c = cpus();
  return {
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cpuCount: c.length,
    memoryGB: Math.round((totalmem() / 1e9) * 10) / 10,
    freeMemoryGB: Math.round((freemem() / 1e9) * 10) / 10,
    node: process.version,
    kernel: release(),
    os: version(),
    platform: process.platform,
    arch: process.arch,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    tmpdir: tmpdir(),
  };
}
