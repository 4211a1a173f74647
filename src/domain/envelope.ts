/**
 * Building and checking envelopes. Pure: the clock and limits are passed in.
 * Limits follow the edXML validators seen in practice (domain.md §3): Subject ≤ 500 characters,
 * CodeNumber ≤ 11, CodeNotation ≤ 30, To non-empty without duplicates, Priority 0–4,
 * PromulgationDate not in the future. All text is normalised to NFC.
 */
import { createHash } from 'node:crypto';
import { normalizeCode } from './agency-code.js';
import { LienthongError } from './errors.js';
import { forbiddenXmlCharacter } from './xml-characters.js';
import { pathProblem } from './file-name.js';
import { isMessageId, newMessageId } from './ids.js';
import type { AttachmentRef, DocumentMeta, EdxmlInfo, Hop, Message, MessageSignature, Priority } from './types.js';
import { byteSize } from './byte-size.js';
import { formatDuration } from './durations.js';

/** How far ahead of this node's clock a signer's createdAtMs may be. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface SendInput {
  from: string;
  to: string[];
  priority: number;
  document: Partial<DocumentMeta>;
  body: Buffer;
  messageId?: string;
  expirySeconds?: number;
  /** Files already held by this node's attachment store (by SHA-256). */
  attachments?: AttachmentRef[];
  edxml?: EdxmlInfo;
  /**
   * Set when the agency's software signed the document: it chose messageId, createdAtMs and
   * expiresAtMs, and the envelope built here must be exactly the one it signed.
   */
  signature?: MessageSignature;
  createdAtMs?: number;
  expiresAtMs?: number;
  /**
   * The agency's software is about to sign (SendEdxmlOptions.form_only): the envelope is built with
   * its id (when given) and times, checked as for a signed one, to give it the bytes to sign.
   */
  toSign?: boolean;
}

export interface EnvelopeLimits {
  maxDocumentBytes: number;
  expirySeconds: number;
  /** Largest inline body (limits.maxBodyBytes); none when not given. */
  maxBodyBytes?: number;
}

/**
 * The largest limits.maxBodyBytes a node may set: a body travels whole in one gRPC message, held in
 * memory at every node on its way. The nodes' gRPC message limit is this plus room for the envelope.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Why an inline body of `bytes` is refused under `maxBodyBytes` (limits.maxBodyBytes), or null. */
export function bodyTooLarge(bytes: number, maxBodyBytes: number | undefined): LienthongError | null {
  if (maxBodyBytes === undefined || bytes <= maxBodyBytes) return null;
  return new LienthongError(
    'DOCUMENT_TOO_LARGE',
    `the document's body is ${byteSize(bytes)} (${bytes} bytes), this node takes at most ${byteSize(maxBodyBytes)} (${maxBodyBytes} bytes) inline (limits.maxBodyBytes): send the file as an attachment instead (\`lienthong send --attach FILE\`, an edXML package, or SendEdxml), which is streamed and never held whole in memory`,
  );
}

function bad(field: string, rule: string): never {
  throw new LienthongError('INVALID_DOCUMENT', `${field}: ${rule}`);
}

function text(value: unknown, field: string, max: number, required: boolean): string {
  const s = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (required && s === '') bad(field, 'is required');
  const forbidden = forbiddenXmlCharacter(s);
  if (forbidden) bad(field, `holds ${forbidden}, a control character or lone surrogate that an edXML package cannot carry: remove it`);
  if ([...s].length > max) bad(field, `is ${[...s].length} characters, at most ${max} allowed`);
  return s;
}

function date(value: unknown, field: string, required: boolean): string {
  const s = text(value, field, 10, required);
  if (s === '') return s;
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    bad(field, `"${s}" is not a date in the form YYYY-MM-DD`);
  }
  return s;
}

function fileName(value: unknown): string {
  const s = text(value, 'document.fileName', 200, false);
  const problem = pathProblem(s);
  if (problem) bad('document.fileName', problem);
  return s;
}

/** A due date (hạn xử lý) may be today or later than the promulgation date, never before it. */
function dueDate(value: unknown, promulgationDate: string): string {
  const s = date(value, 'document.dueDate', false);
  if (s !== '' && s < promulgationDate) {
    bad('document.dueDate', `${s} is before the promulgation date ${promulgationDate}: a document cannot be due before it is issued`);
  }
  return s;
}

export function checkPriority(value: number): Priority {
  if (!Number.isInteger(value) || value < 0 || value > 4) {
    bad('priority', `${value} is outside 0–4 (0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ)`);
  }
  return value as Priority;
}

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The SHA-256 of no bytes: the bodySha256 of a document whose content is all in its attachments. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Pure: whether a document had a body this node no longer holds (released once every recipient
 * here acknowledged it and no outbox entry needs it).
 */
export function bodyReleased(m: Pick<Message, 'kind' | 'body' | 'bodySha256'>): boolean {
  return m.kind === 'document' && m.body.length === 0 && m.bodySha256 !== EMPTY_SHA256;
}

/** Turns what an agency asked to send into a complete document message, or throws INVALID_DOCUMENT. */
export function buildDocument(input: SendInput, limits: EnvelopeLimits, nowMs: number): Message {
  const from = normalizeCode(input.from);
  if (!Array.isArray(input.to) || input.to.length === 0) bad('to', 'needs at least one recipient');
  const to: string[] = [];
  for (const r of input.to) {
    const code = normalizeCode(r);
    if (to.includes(code)) bad('to', `recipient ${code} is listed twice`);
    to.push(code);
  }
  const priority = checkPriority(input.priority);
  const times = documentTimes(input, limits, nowMs);
  const d = input.document;
  // Documents are signed in Việt Nam: "today" is the calendar day there (UTC+7, no daylight saving).
  const today = new Date(times.createdAtMs + 7 * 3_600_000).toISOString().slice(0, 10);
  const promulgationDate = date(d.promulgationDate, 'document.promulgationDate', false) || today;
  if (promulgationDate > today) bad('document.promulgationDate', `${promulgationDate} is in the future`);
  const document: DocumentMeta = {
    codeNumber: text(d.codeNumber, 'document.codeNumber', 11, false),
    codeNotation: text(d.codeNotation, 'document.codeNotation', 30, false),
    subject: text(d.subject, 'document.subject', 500, true),
    documentType: text(d.documentType, 'document.documentType', 100, false) || 'Công văn',
    promulgationDate,
    dueDate: dueDate(d.dueDate, promulgationDate),
    fileName: fileName(d.fileName),
    contentType: text(d.contentType, 'document.contentType', 100, false) || 'application/octet-stream',
  };
  const body = input.body ?? Buffer.alloc(0);
  const inlineTooLarge = bodyTooLarge(body.length, limits.maxBodyBytes);
  if (inlineTooLarge) throw inlineTooLarge;
  const attachments = checkAttachments(input.attachments ?? []);
  const total = documentBytes(body.length, attachments);
  if (total > limits.maxDocumentBytes) {
    throw new LienthongError(
      'DOCUMENT_TOO_LARGE',
      `document is ${total} bytes with its attachments, this node accepts at most ${limits.maxDocumentBytes} (limits.maxDocumentBytes)`,
    );
  }
  let id = newMessageId();
  if (input.messageId) {
    const wanted = input.messageId.toLowerCase();
    if (!isMessageId(wanted)) bad('messageId', `"${input.messageId}" is not a UUID`);
    id = wanted;
  }
  return {
    id,
    kind: 'document',
    from,
    to,
    priority,
    ...times,
    document,
    bodySha256: sha256Hex(body),
    body,
    attachments,
    ...(input.edxml ? { edxml: input.edxml } : {}),
    ...(input.signature ? { signature: input.signature } : {}),
  };
}

/**
 * When the document was made and when it expires: now and the capped expiry, or, for a document
 * its agency signed (or is about to sign), the times it signed (checked against this node's clock
 * and expiry limit).
 */
function documentTimes(input: SendInput, limits: EnvelopeLimits, nowMs: number): { createdAtMs: number; expiresAtMs: number } {
  const limitMs = limits.expirySeconds * 1000;
  if (!input.signature && !input.toSign) {
    // Asking for longer than the node keeps documents is refused, not quietly shortened: the sender
    // would otherwise believe the network keeps trying for as long as it asked.
    if ((input.expirySeconds ?? 0) > limits.expirySeconds) {
      bad('expirySeconds', `${durationText(input.expirySeconds!)} is longer than this node keeps a document, at most ${durationText(limits.expirySeconds)} (limits.expiry): ask for ${durationText(limits.expirySeconds)} or less, or leave the expiry out to get that`);
    }
    const expirySeconds = input.expirySeconds || limits.expirySeconds;
    return { createdAtMs: nowMs, expiresAtMs: nowMs + expirySeconds * 1000 };
  }
  const { createdAtMs, expiresAtMs } = input;
  if (!input.messageId && !input.toSign) bad('messageId', 'is required on a signed document (the signature covers it)');
  if (!Number.isSafeInteger(createdAtMs) || !Number.isSafeInteger(expiresAtMs)) bad('createdAtMs', 'and expiresAtMs are required on a signed document (the signature covers them)');
  if (createdAtMs! > nowMs + CLOCK_SKEW_MS) bad('createdAtMs', `is ${Math.round((createdAtMs! - nowMs) / 1000)} s ahead of this node's clock: check the clock of the signing software`);
  if (expiresAtMs! <= nowMs) bad('expiresAtMs', 'is already past: sign the document again with a later expiry');
  if (expiresAtMs! - createdAtMs! > limitMs) bad('expiresAtMs', `is ${Math.round((expiresAtMs! - createdAtMs!) / 1000)} s after createdAtMs; this node keeps documents at most ${limits.expirySeconds} s (limits.expiry): sign with a shorter expiry`);
  return { createdAtMs: createdAtMs!, expiresAtMs: expiresAtMs! };
}

/** "7d", "36h", "90m", "45s": seconds as operators write durations. */
const durationText = (seconds: number): string => formatDuration(seconds * 1000);

/** Body plus attachments: what limits.maxDocumentBytes bounds. */
export function documentBytes(bodyBytes: number, attachments: readonly AttachmentRef[]): number {
  return attachments.reduce((n, a) => n + a.size, bodyBytes);
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Checks a document's attachment list (from an agency or a peer); names come out NFC. */
export function checkAttachments(list: readonly AttachmentRef[]): AttachmentRef[] {
  const seen = new Set<string>();
  return list.map((a, i) => {
    const field = `attachments[${i}]`;
    if (!SHA256_HEX.test(a.sha256)) bad(`${field}.sha256`, `"${a.sha256}" is not a hex SHA-256`);
    if (!Number.isSafeInteger(a.size) || a.size < 0) bad(`${field}.size`, `${a.size} is not a size in bytes`);
    const contentId = text(a.contentId, `${field}.contentId`, 200, false) || `cid:${a.sha256}`;
    if (seen.has(contentId)) bad(`${field}.contentId`, `${contentId} is listed twice`);
    seen.add(contentId);
    return {
      contentId,
      contentType: text(a.contentType, `${field}.contentType`, 100, false) || 'application/octet-stream',
      description: text(a.description, `${field}.description`, 500, false),
      attachmentName: text(a.attachmentName, `${field}.attachmentName`, 200, true),
      sha256: a.sha256,
      size: a.size,
    };
  });
}

/**
 * Checks the path of an incoming copy before this node takes it: a node already on the path means
 * a routing loop; a path longer than the hop limit is refused too.
 */
export function checkPath(trace: Hop[], self: string, maxHops: number): void {
  if (trace.some((h) => h.nodeCode === self)) {
    const path = trace.map((h) => h.nodeCode).join(' → ');
    throw new LienthongError('ROUTING_LOOP', `routing loop: node ${self} is already on the path ${path}`);
  }
  if (trace.length >= maxHops) {
    throw new LienthongError('HOP_LIMIT', `hop limit ${maxHops} reached at node ${self} (limits.maxHops)`);
  }
}
