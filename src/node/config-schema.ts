/**
 * The node configuration: defaults declared once, a schema that rejects unknown keys, and the
 * resulting type. Durations are seconds, or strings like "500ms", "30s", "10m", "12h", "7d".
 * Sizes are bytes, or strings like "512KiB", "16MiB", "2GiB".
 */
import { z } from 'zod/v3';
import { normalizeCode } from '../domain/agency-code.js';
import { parseDuration } from '../domain/durations.js';
import { MAX_BODY_BYTES } from '../domain/envelope.js';

const code = z.string().transform((s, ctx) => {
  try {
    return normalizeCode(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/**
 * The longest duration a timer takes (Node's timers hold 2^31 − 1 ms, about 24.8 days: a longer
 * delay fires after 1 ms, in a loop), and the longest any duration key takes.
 */
export const TIMER_MAX = '24d';
/** limits.retention when not given: 30 days. */
export const DEFAULT_RETENTION_SECONDS = 30 * 86_400;
export const DURATION_MAX = '3650d';

/**
 * A duration from `min` to `max` (as an operator writes them: "1s", "24d"); `examples` are offered
 * with the refusal. Shorter ones, 0 and negative ones included, longer ones and what is no finite
 * number (.inf, .nan) are refused naming the bound.
 */
function duration(min: string, examples: string, max = DURATION_MAX) {
  const minMs = parseDuration(min)!;
  const maxMs = parseDuration(max)!;
  // z.nan(): a YAML .nan reaches the message below instead of a generic "Invalid input".
  return z.union([z.number(), z.nan(), z.string()]).transform((v, ctx) => {
    const ms = typeof v === 'number' ? (Number.isFinite(v) ? v * 1000 : null) : parseDuration(v);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(String(v))} is not a duration such as 30s, 10m, 7d` });
      return z.NEVER;
    }
    if (ms < minMs) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is too short: give a duration of at least ${min}, such as ${examples}` });
      return z.NEVER;
    }
    if (ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is too long: give a duration of at most ${max}, such as ${examples}` });
      return z.NEVER;
    }
    return ms;
  });
}

const UNITS_B: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9 };
/**
 * A size in bytes, 0 or at least `min` when given (0 keeps the meaning its key documents): smaller
 * ones would refuse everything, or fill a store before it holds anything.
 */
function sizeAtLeast(min?: { bytes: number; text: string; why: string }, max?: { bytes: number; text: string; why: string }) {
  return z.union([z.number().int().nonnegative(), z.string()]).transform((v, ctx) => {
    let bytes: number;
    if (typeof v === 'number') bytes = v;
    else {
      const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)$/.exec(v.trim());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a size such as 512KiB, 16MiB, 2GiB or 8MB` });
        return z.NEVER;
      }
      bytes = Math.round(Number(m[1]) * UNITS_B[m[2]!]!);
    }
    if (min && bytes > 0 && bytes < min.bytes) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is too small: give at least ${min.text} (${min.why})` });
      return z.NEVER;
    }
    if (max && bytes > max.bytes) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is too large: give at most ${max.text} (${max.why})` });
      return z.NEVER;
    }
    return bytes;
  });
}

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d+)$/;

/**
 * host:port, with one message whatever is wrong: the form, or else the port's range. `lowestPort`:
 * 0 where the node listens (0 picks a free port), 1 where it dials.
 */
function address(lowestPort: 0 | 1) {
  return z.string().superRefine((a, ctx) => {
    const m = HOST_PORT.exec(a);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(a)} is not host:port: give one such as 127.0.0.1:7701` });
      return;
    }
    const port = Number(m[2]);
    if (port < lowestPort || port > 65_535) {
      ctx.addIssue({ code: 'custom', message: `port ${m[2]} is out of range: give a port from ${lowestPort} to 65535, e.g. 127.0.0.1:7701` });
    }
  });
}
/** Where this node listens. */
const listenAddress = address(0);
/** Where this node dials a peer. */
const peerAddress = address(1);

export const configSchema = z.strictObject({
  node: z.strictObject({
    /** This node's own agency code. */
    code,
    /** Peer and agency port (mutual TLS). Port 0 picks a free port. */
    listen: listenAddress,
    /** Holds the SQLite database and the admin socket. Relative to the config file. */
    dataDir: z.string().min(1),
  }),
  /** Absent at the national root. */
  parent: z.strictObject({ code, address: peerAddress }).optional(),
  children: z.array(z.strictObject({ code, subtrees: z.array(code).optional() })).default([]),
  /** Agencies whose inboxes live on this node. */
  agencies: z.array(code).default([]),
  laterals: z
    .array(
      z.strictObject({
        code,
        /** When set, this node dials the peer; otherwise it waits for the peer to dial. */
        address: peerAddress.optional(),
        /** Recipients routed over this link. */
        subtrees: z.array(code).default([]),
        /** Senders this peer may hand over (default: its subtrees). */
        allowSenders: z.array(code).optional(),
      }),
    )
    .default([]),
  /** Static routes: recipients in `prefix`'s subtree go to peer `via`. */
  routes: z.array(z.strictObject({ prefix: code, via: code })).default([]),
  tls: z.strictObject({ ca: z.string(), cert: z.string(), key: z.string() }),
  signing: z
    .strictObject({
      /**
       * Keys of attached agencies this node signs for when their software sends a document
       * unsigned (CLI, edXML packages). Agencies whose software signs need no entry.
       */
      agencyKeys: z.array(z.strictObject({ code, cert: z.string(), key: z.string() })).default([]),
      /** Worker threads that verify and make signatures (0: one less than the cores, at least 1). */
      threads: z.number().int().min(0).max(64).default(0),
    })
    .default({}),
  limits: z
    .strictObject({
      /** Largest document, body plus attachments; larger ones are refused at the edge. */
      maxDocumentBytes: sizeAtLeast({ bytes: 1024, text: '1KiB', why: 'smaller, every document is refused' }).refine((b) => b > 0, 'must be more than 0: every document would be refused; give at least 1KiB').default(1024 ** 3),
      /**
       * Largest body sent inline (Send, SendStream): a body travels and is stored whole, in one
       * message, so every node holds it in memory on its way; files go as attachments, streamed.
       */
      maxBodyBytes: sizeAtLeast(undefined, { bytes: MAX_BODY_BYTES, text: '64MiB', why: 'a body travels whole in one gRPC message, held in memory at every node on its way; send larger files as attachments' }).default(8 * 1024 ** 2),
      /** At least 1s, as `send --expiry`: 0 would expire every document as it is accepted. */
      expiry: duration('1s', '30m or 2d').default(7 * 86_400),
      maxHops: z.number().int().min(2).max(255).default(32),
      linkWindow: z.number().int().min(1).max(10_000).default(512),
      /** 0 = no limit besides the disk. Otherwise at least 1 MiB: a new store's schema and first pages take ≈ 0.5 MiB. */
      maxStoreBytes: sizeAtLeast({ bytes: 1024 ** 2, text: '1MiB', why: 'or 0 for no limit besides the disk: a smaller store is full before it holds a document' }).default(0),
      /**
       * How long delivered messages are kept for de-duplication and trace. At least limits.expiry
       * (checked in config-load): a copy may be resent to this node until it expires.
       */
      retention: duration('0s', '30d or 90d').default(DEFAULT_RETENTION_SECONDS),
      /**
       * How long an attachment file stays once no message here needs it (delivered, acknowledged), and
       * the partial file of a cut transfer waits for it to resume. At least 1m: less and a transfer
       * cut by a link that takes a few seconds to come back starts over.
       */
      attachmentRetention: duration('1m', '1h or 1d').default(86_400),
    })
    .default({}),
  retry: z
    .strictObject({ base: duration('10ms', '500ms or 1s', TIMER_MAX).default(1), max: duration('10ms', '1m or 5m', TIMER_MAX).default(300) })
    .default({}),
  reconnect: z
    .strictObject({ base: duration('10ms', '250ms or 1s', TIMER_MAX).default('250ms'), max: duration('10ms', '10s or 1m', TIMER_MAX).default(10) })
    .default({}),
  check: z
    .strictObject({
      /** `lienthong check` fails when a link is down longer than this. */
      linkDownAfter: duration('1s', '5m or 1h').default(300),
      /** ... or when the oldest outbox entry is older than this. */
      backlogAge: duration('1s', '1h or 12h').default(3_600),
      /** ... or when the node certificate expires within this. */
      certificateWarning: duration('1s', '30d or 60d').default(30 * 86_400),
    })
    .default({}),
  /** Operator HTTP: /metrics (Prometheus), / (network view), /api/network. Off unless set; keep it on loopback. */
  http: z.strictObject({ listen: listenAddress.optional() }).default({}),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).default({}),
});

export type NodeConfigInput = z.input<typeof configSchema>;
export type NodeConfig = z.output<typeof configSchema>;
