/** Text and JSON output helpers for CLI commands. */

export function print(lines: string | string[]): void {
  process.stdout.write((Array.isArray(lines) ? lines.join('\n') : lines) + '\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function iso(ms: number): string {
  return ms ? new Date(ms).toISOString().replace('.000Z', 'Z') : '-';
}

/** "3m12s", "2h05m", "4d03h": an age for humans. */
export function age(ms: number): string {
  if (ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** "Công văn 12/UBND-VP", or just the type when the document has no number. */
export function documentLabel(d: { documentType: string; codeNumber: string; codeNotation: string } | null | undefined): string {
  if (!d) return '';
  const num = [d.codeNumber, d.codeNotation].filter(Boolean).join('/');
  return num ? `${d.documentType} ${num}` : d.documentType;
}

/** Left-aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string[] {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** A recipient a recall was not sent to (UpdateStatus, a status package), and why. */
export function skippedLine(s: { recipient: string; errorCode: string; reason: string }): string {
  return `not sent to ${s.recipient}, which the document never reached: ${s.errorCode ? `${s.errorCode}: ` : ''}${s.reason}`;
}
