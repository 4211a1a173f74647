/**
 * One log line per key (a remote address) at most every `everyMs`; the lines held back in between
 * are counted and reported with the next one. Bad input from one address (a scan, a broken client
 * retrying) must not flood the log, yet none of it goes unmentioned. The clock is passed in.
 */
export class LogThrottle {
  private readonly last = new Map<string, { atMs: number; suppressed: number }>();

  constructor(
    private readonly everyMs: number,
    private readonly now: () => number,
    /** Keys remembered at most (a flood of addresses forgets them all rather than grow). */
    private readonly maxKeys = 10_000,
  ) {}

  /** Null when this line is held back; otherwise how many were held back for `key` since its last line. */
  take(key: string): { suppressed: number } | null {
    const nowMs = this.now();
    const seen = this.last.get(key);
    if (seen && nowMs - seen.atMs < this.everyMs) {
      seen.suppressed++;
      return null;
    }
    if (!seen && this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, { atMs: nowMs, suppressed: 0 });
    return { suppressed: seen?.suppressed ?? 0 };
  }
}
