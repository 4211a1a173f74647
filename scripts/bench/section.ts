/** What every benchmark section receives and returns. */
import type { Ceilings, Measurement } from './measurement.js';
import type { SectionName, Sizes } from './options.js';

export interface SectionContext {
  seed: number;
  quick: boolean;
  sizes: Sizes;
  /** Filled in by the ceiling section when it ran first. */
  ceilings?: Ceilings;
  cpuProfDir?: string | undefined;
  log: (line: string) => void;
}

export interface SectionOutput {
  measurements: Measurement[];
  details: Record<string, unknown>;
}

export interface Section {
  name: SectionName;
  title: string;
  run(ctx: SectionContext): Promise<SectionOutput>;
}
