/**
 * Prometheus metrics of one node (prom-client, one registry per node). Totals come from the store's
 * counters at scrape time, so they survive restarts; queue depths and link states are read at
 * scrape time too; latencies are histograms observed as they happen.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LinkRegistry } from '../link/link-registry.js';
import type { RefusalEdge } from './refusals.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import type { CounterName, Store } from '../store/store.js';

/**
 * How often the event-loop delay histogram (`nodejs_eventloop_lag_p99_seconds` and the rest) takes a
 * sample. prom-client's default of 10 ms woke every node 100 times a second: seven idle nodes spent
 * 1.1–1.3 % of a core each, 0.7–0.9 % at this pace (0.6–0.8 % at 1 s). Every stall of 100 ms or more
 * still shows.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

/** What links report as they work. */
export interface LinkMetrics {
  hopLatency(peer: string, seconds: number): void;
  forwardedBytes(peer: string, bytes: number): void;
  /** Attachment file bytes written to (sent) or read from (received) a link. */
  fileBytes(peer: string, direction: 'sent' | 'received', bytes: number): void;
}

/** The revocation list as the metrics read it (src/pki/revocation-state). */
export interface RevocationMetricsView {
  readonly version: number;
  /** Lists refused because they failed verification. */
  readonly refused: number;
  readonly listValue: { nextUpdateMs: number } | null;
}

const TOTALS: [CounterName, string, string][] = [
  ['accepted', 'lienthong_documents_accepted_total', 'Messages (documents and statuses) accepted and committed by this node'],
  ['forwarded', 'lienthong_documents_forwarded_total', 'Outbox entries acknowledged by their next hop'],
  ['delivered', 'lienthong_documents_delivered_total', 'Messages delivered into a local agency inbox'],
  ['expired', 'lienthong_documents_expired_total', 'Outbox entries that expired (non-delivery sent)'],
  ['failed', 'lienthong_documents_failed_total', 'Outbox entries refused permanently by their next hop'],
  ['duplicates', 'lienthong_documents_duplicate_total', 'Copies received again and acknowledged without storing'],
  ['undeliverable', 'lienthong_recipients_undeliverable_total', 'Recipients no route covered here (non-delivery sent)'],
];

export class NodeMetrics implements LinkMetrics {
  readonly registry = new Registry();
  private readonly hop: Histogram<'peer'>;
  private readonly commit: Histogram;
  private readonly bytes: Counter<'peer'>;
  private readonly refusals: Counter<'peer' | 'edge' | 'reason'>;
  private readonly connectionRefusals: Counter<'peer' | 'reason'>;
  private readonly files: Counter<'peer' | 'direction'>;

  constructor(store: Store, links: LinkRegistry, nodeCode: string, attachments?: AttachmentStore, revocations?: RevocationMetricsView) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ node: nodeCode });
    collectDefaultMetrics({ register: this.registry, prefix: 'lienthong_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool fails).
    for (const m of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(`lienthong_${m}`);
    }
    for (const [name, metric, help] of TOTALS) {
      new Counter({
        name: metric, help, registers,
        collect() {
          this.reset();
          this.inc(store.counters()[name]);
        },
      });
    }
    this.refusals = new Counter({ name: 'lienthong_documents_refused_total', help: 'Documents this node refused, by peer (a node, an agency or the operator), edge (link, agency or operator: a node and an agency may share a code) and reason code', labelNames: ['peer', 'edge', 'reason'], registers });
    this.connectionRefusals = new Counter({
      name: 'lienthong_connections_refused_total',
      help: 'Connections to the peer port this node refused: a TLS handshake with a certificate it does not accept, or a link it would not open; by peer (certificate code, or remote address) and reason code',
      labelNames: ['peer', 'reason'], registers,
    });
    this.bytes = new Counter({ name: 'lienthong_forwarded_bytes_total', help: 'Body bytes sent to each next hop', labelNames: ['peer'], registers });
    this.files = new Counter({
      name: 'lienthong_attachment_bytes_total', help: 'Attachment file bytes sent to or received from each peer (a file crosses a link once)',
      labelNames: ['peer', 'direction'], registers,
    });
    if (attachments) {
      // One walk of the attachment folders per scrape sets both gauges (files is collected first).
      let bytes: Gauge | undefined;
      new Gauge({
        name: 'lienthong_attachment_files', help: 'Attachment files held on this node (complete and arriving)', registers,
        collect() {
          const u = attachments.usage();
          this.set(u.files);
          bytes?.set(u.bytes);
        },
      });
      bytes = new Gauge({ name: 'lienthong_attachment_bytes', help: 'Bytes of attachment files held on this node', registers });
    }
    this.hop = new Histogram({
      name: 'lienthong_hop_latency_seconds', help: 'Time from sending a transfer to its durable acknowledgement by the next hop',
      labelNames: ['peer'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    });
    this.commit = new Histogram({
      name: 'lienthong_store_commit_seconds', help: 'Duration of one synced store commit (group commit)',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers,
    });
    new Gauge({
      name: 'lienthong_outbox_entries', help: 'Outbox entries by next hop and state', labelNames: ['next_hop', 'state'], registers,
      collect() {
        this.reset();
        for (const d of store.outboxDepths()) {
          for (const state of ['queued', 'inflight', 'held', 'failed', 'expired'] as const) this.set({ next_hop: d.nextHop, state }, d[state]);
        }
      },
    });
    new Gauge({
      name: 'lienthong_outbox_oldest_age_seconds', help: 'Age of the oldest pending outbox entry per next hop', labelNames: ['next_hop'], registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const d of store.outboxDepths()) this.set({ next_hop: d.nextHop }, d.oldestMs ? (now - d.oldestMs) / 1000 : 0);
      },
    });
    new Gauge({
      name: 'lienthong_link_up', help: '1 when the link to the peer is up', labelNames: ['peer', 'role'], registers,
      collect() {
        this.reset();
        for (const l of links.list()) this.set({ peer: l.peer, role: l.role }, l.state === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'lienthong_peer_clock_offset_seconds',
      help: "The peer's clock minus this node's, measured from the Hellos when its link last came up (alert beyond ±60 s: one of the clocks is wrong)",
      labelNames: ['peer'], registers,
      collect() {
        this.reset();
        for (const l of links.list()) if (l.clock) this.set({ peer: l.peer }, l.clock.offsetMs / 1000);
      },
    });
    new Counter({
      name: 'lienthong_link_reconnects_total', help: 'Times a link came back after being lost', labelNames: ['peer'], registers,
      collect() {
        this.reset();
        for (const l of links.list()) this.inc({ peer: l.peer }, l.reconnects);
      },
    });
    if (revocations) {
      new Gauge({
        name: 'lienthong_revocation_list_version', help: 'Version of the revocation list this node enforces (0: none yet)', registers,
        collect() {
          this.set(revocations.version);
        },
      });
      new Gauge({
        name: 'lienthong_revocation_list_next_update_timestamp_seconds',
        help: "When the CA promised the next revocation list (Unix time; alert when it is past: the node keeps working on the last list)", registers,
        collect() {
          const list = revocations.listValue;
          if (list) this.set(list.nextUpdateMs / 1000);
          else this.reset();
        },
      });
      new Counter({
        name: 'lienthong_revocation_lists_refused_total', help: 'Revocation lists refused since start because they failed verification (not signed by the network CA, malformed)', registers,
        collect() {
          this.reset();
          this.inc(revocations.refused);
        },
      });
    }
    new Gauge({
      name: 'lienthong_inbox_unacknowledged', help: 'Inbox items waiting for their agency to acknowledge them', registers,
      collect() {
        this.set(store.unacknowledgedInbox());
      },
    });
  }

  hopLatency(peer: string, seconds: number): void {
    this.hop.observe({ peer }, seconds);
  }

  forwardedBytes(peer: string, bytes: number): void {
    this.bytes.inc({ peer }, bytes);
  }

  fileBytes(peer: string, direction: 'sent' | 'received', bytes: number): void {
    this.files.inc({ peer, direction }, bytes);
  }

  refused(peer: string, edge: RefusalEdge, reason: string): void {
    this.refusals.inc({ peer, edge, reason });
  }

  /** A connection refused at the peer port (logged where it is refused). */
  connectionRefused(peer: string, reason: string): void {
    this.connectionRefusals.inc({ peer, reason });
  }

  readonly observeCommit = (seconds: number): void => {
    this.commit.observe(seconds);
  };
}
