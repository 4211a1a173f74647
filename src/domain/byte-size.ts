/** Sizes for people: "900 bytes", "1.5 KiB", "6.0 MiB", "2.0 GiB" (binary units, as the configuration takes them). */
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
