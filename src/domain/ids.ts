/**
 * Message ids. New messages get a UUIDv7 (time-ordered, so batched inserts stay fast). Messages a
 * node derives from another (status 01, non-delivery reports) get an id computed from their cause,
 * so generating one twice (after a crash, on a redelivered copy) yields the same id and is dropped
 * as a duplicate everywhere.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { quoted } from './agency-code.js';
import { LienthongError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newMessageId(): string {
  return uuidv7();
}

export function isMessageId(value: string): boolean {
  return UUID.test(value);
}

const GIVE = 'give the UUID that Send answered (e.g. 0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70)';

/**
 * A message id as a caller gives it, in the form ids are kept (lower case, as Send takes a UUID of
 * the caller's own in either case), or null when it is not one.
 */
export function normalMessageId(value: string): string | null {
  const id = value.toLowerCase();
  return isMessageId(id) ? id : null;
}

/**
 * Checks a message id a caller names to look a message up (the field `field` of its request) and
 * returns it as kept: missing or malformed is INVALID_ARGUMENT, saying which. Whether a message has
 * it is the caller's next question (NOT_FOUND).
 */
export function checkMessageId(value: string, field: string): string {
  if (value === '') throw new LienthongError('INVALID_ARGUMENT', `${field} is missing: ${GIVE}`);
  const id = normalMessageId(value);
  if (id === null) throw new LienthongError('INVALID_ARGUMENT', `${quoted(value)} is not a message id: ${GIVE} in ${field}`);
  return id;
}

/** A deterministic UUID (version 8) from the parts that identify a derived message. */
export function derivedMessageId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
