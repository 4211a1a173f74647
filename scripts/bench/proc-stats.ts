/** A process's resident memory, read from /proc/<pid>/status (Linux), in MB (10^6 bytes). */
import { readFileSync } from 'node:fs';

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
