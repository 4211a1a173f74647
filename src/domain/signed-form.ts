/**
 * The canonical form of a message's envelope: the bytes a sender agency signs and every node
 * verifies. Pure.
 *
 * It is the RFC 8785 (JCS) serialisation of the envelope's fields (id, kind, from, to, priority,
 * createdAtMs, expiresAtMs, document, status, bodySha256, attachments, edxml) under a `form` tag,
 * without the signature itself and without the body (its SHA-256 stands for it). Values that
 * protobuf 3 cannot tell from absent (empty strings and lists, zero, false, empty objects) are left
 * out at every depth, so a message reads the same after any number of hops over the wire. Another
 * agency's software reproduces it with any JCS library.
 */
import { createRequire } from 'node:module';
import type { Envelope } from './types.js';

/** RFC 8785 serialisation (the `canonicalize` package, by the RFC's author; CommonJS). */
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

export const SIGNED_FORM = 'lienthong-envelope-v1';

/** Drops proto3 default values, recursively; list items are kept (positions matter). */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v !== null && typeof v === 'object' ? (pruned(v) ?? {}) : v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '' || v === 0 || v === false) continue;
    const p = typeof v === 'object' ? pruned(v) : v;
    if (Array.isArray(p) ? p.length === 0 : typeof p === 'object' && p !== null && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out;
}

/** The bytes a signature covers. */
export function signedForm(m: Envelope): Buffer {
  const form = pruned({
    form: SIGNED_FORM,
    id: m.id,
    kind: m.kind,
    from: m.from,
    to: m.to,
    priority: m.priority,
    createdAtMs: m.createdAtMs,
    expiresAtMs: m.expiresAtMs,
    document: m.document,
    status: m.status,
    bodySha256: m.bodySha256,
    attachments: m.attachments,
    edxml: m.edxml,
  });
  return Buffer.from(canonicalize(form) ?? '', 'utf8');
}

/**
 * What makes a message the same document when it is sent again under its id: its signed form
 * without what a resend may change (when it was created, so when it expires; the edXML TraceHeaders
 * the sender's software writes on each attempt) and without its recipients (compared on their own,
 * to say so when they differ).
 */
export function contentForm(m: Envelope): Buffer {
  const edxml = m.edxml ? { ...m.edxml, header: { ...m.edxml.header, to: [] }, traceHeaders: [] } : undefined;
  return signedForm({ ...m, to: [], createdAtMs: 0, expiresAtMs: 0, edxml });
}
