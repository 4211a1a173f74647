/**
 * Message ids. New messages get a UUIDv7 (time-ordered, so batched inserts stay fast). Messages a
 * node derives from another (status 01, non-delivery reports) get an id computed from their cause,
 * so generating one twice (after a crash, on a redelivered copy) yields the same id and is dropped
 * as a duplicate everywhere.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newMessageId(): string {
  return uuidv7();
}

export function isMessageId(value: string): boolean {
  return UUID.test(value);
}

/** A deterministic UUID (version 8) from the parts that identify a derived message. */
export function derivedMessageId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
