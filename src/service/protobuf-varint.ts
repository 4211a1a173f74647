/** Protobuf's base-128 varints, for the messages encoded by hand (chunk frames, edXML pieces). */

/** Bytes the varint of `n` takes (n a safe non-negative integer). */
export function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** Writes the varint of `n` at `at`; returns the position after it. */
export function writeVarint(buf: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}
