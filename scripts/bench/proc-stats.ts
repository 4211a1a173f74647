/** What a process (or the machine) uses, read from /proc (Linux): resident memory in MB (10^6 bytes), CPU time. */
import { readFileSync, writeFileSync } from 'node:fs';

export interface Memory {
  /** VmRSS: resident now. */
  rssMB: number;
  /** VmHWM: the peak resident size so far. */
  peakMB: number;
}

export function memoryOf(pid: number): Memory {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
    return (Number(m[1]) * 1024) / 1e6;
  };
  return { rssMB: mb('VmRSS'), peakMB: mb('VmHWM') };
}

/**
 * Starts a new peak: VmHWM falls back to the current VmRSS (writing 5 to /proc/<pid>/clear_refs,
 * Linux 4.0+, a process this user owns). False when the kernel refused.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (Linux, 100 ticks/s). */
export function cpuSecondsOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU ticks of the whole machine, all cores (100 per second each), from /proc/stat. */
export interface MachineTicks {
  user: number;
  system: number;
  softirq: number;
  steal: number;
  idle: number;
  total: number;
}

export function machineTicks(): MachineTicks {
  const [, user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return { user: user + nice, system: system + irq, softirq, steal, idle: idle + iowait, total: user + nice + system + idle + iowait + irq + softirq + steal };
}
