/**
 * The operator's service, served only on the node's Unix socket (never on the peer port). Thin:
 * each call reads or acts through the same relay, store and registry the daemon uses.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { AdminServiceExportEdxmlRequest__Output } from '../gen/lienthong/v1/AdminServiceExportEdxmlRequest.js';
import type { AdminServiceExportEdxmlResponse } from '../gen/lienthong/v1/AdminServiceExportEdxmlResponse.js';
import type { AdminServiceFetchAttachmentRequest__Output } from '../gen/lienthong/v1/AdminServiceFetchAttachmentRequest.js';
import type { AdminServiceFetchAttachmentResponse } from '../gen/lienthong/v1/AdminServiceFetchAttachmentResponse.js';
import type { AdminServiceSendEdxmlRequest__Output } from '../gen/lienthong/v1/AdminServiceSendEdxmlRequest.js';
import type { AdminServiceSendEdxmlResponse } from '../gen/lienthong/v1/AdminServiceSendEdxmlResponse.js';
import type { AdminServiceHandlers } from '../gen/lienthong/v1/AdminService.js';
import type { LinkStatus } from '../gen/lienthong/v1/LinkStatus.js';
import type { RevocationStatus } from '../gen/lienthong/v1/RevocationStatus.js';
import type { StatusResponse } from '../gen/lienthong/v1/StatusResponse.js';
import { LienthongError } from '../domain/errors.js';
import { TRANSITIONS } from '../domain/outbox-machine.js';
import { explainRoute } from '../domain/route-table.js';
import type { OutboxState } from '../domain/types.js';
import type { LinkRegistry } from '../link/link-registry.js';
import type { RevocationState } from '../pki/revocation-state.js';
import type { AcceptResult } from '../node/revocation-spread.js';
import type { EdxmlGateway } from '../node/edxml-gateway.js';
import type { Relay } from '../node/relay.js';
import { strandedInbox, strandedOutbox, UNCONFIGURED_ROLE } from '../node/stranded-work.js';
import type { Store } from '../store/store.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import { toServiceError, unary } from './grpc-status.js';
import type { RefusalSink } from '../node/refusals.js';
import { auditRefusals, OPERATOR, recordSendRefusal } from './refusal-audit.js';
import { limitQueuedMessages, pipeToCall, refusalOfEndedCall, serveSendEdxml, settledEnd, watchEndBelow } from './edxml-streams.js';
import { earlierOf } from '../edxml/earlier-documents.js';
import { inboxItemToPb, outboxEntryToPb } from './wire.js';
import { sendInput, sendResponse, traceResponse, updateStatusResponse } from './views.js';

export interface AdminContext {
  self: string;
  level: number;
  version: string;
  startedAtMs: number;
  relay: Relay;
  store: Store;
  /** The attachment files: whether one was refused for lack of space lately (status, check). */
  files?: Pick<AttachmentStore, 'spaceRefusal'>;
  /** Where refused sends are logged, counted and audited. */
  refusals: RefusalSink;
  registry: LinkRegistry;
  attached: ReadonlySet<string>;
  certificate: CertificateSummary;
  caCertificate: CertificateSummary;
  /** Of the agencies this node signs for (signing.agencyKeys). */
  signingCertificates: () => CertificateSummary[];
  /** Client certificates agencies presented on calls since start, the latest per agency. */
  agencyCertificates?: () => CertificateSummary[];
  revocations: RevocationState;
  /** Hands the node a signed revocation list, as if it came over a link (throws when invalid). */
  publishRevocations: (signed: { payload: Buffer; signature: Buffer }) => AcceptResult;
  listenAddress: () => string;
  draining: () => boolean;
  requeueExtendMs: number;
  now: () => number;
  gateway: EdxmlGateway;
  /** Audit entries the store lost, found at this start and accepted by the operator ('' when none). */
  auditLoss?: string;
  log: Logger;
}

export interface CertificateSummary {
  subject: string;
  notAfterMs: number;
  serial: string;
}

/** A page of inbox items with bodies stops near this size (one item always fits). */
const INBOX_PAGE_BYTES = 32 * 1024 * 1024;

const STATES: OutboxState[] = ['queued', 'inflight', 'held', 'failed', 'expired'];
const OUTBOX_ACTIONS = new Set(['flush', 'hold', 'release', 'requeue', 'reroute', 'delete']);

export function adminService(c: AdminContext): AdminServiceHandlers {
  const attachedAgency = (agency: string): string => {
    if (!c.attached.has(agency)) {
      throw new LienthongError('NOT_FOUND', `agency ${agency} is not attached to node ${c.self}`);
    }
    return agency;
  };

  return {
    Status: unary(c.log, async () => status(c)),
    Routes: unary(c.log, async (call) => {
      const table = c.relay.routeTable;
      const entries = table.entries.map((e) => ({
        prefix: e.prefix,
        target: e.target,
        source: e.source,
        note: e.exact ? 'exact code' : `subtree, level ${e.depth}`,
      }));
      if (table.parent) entries.push({ prefix: '*', target: table.parent, source: 'parent', note: 'everything outside this node\'s subtree' });
      if (!call.request.resolve) return { entries, steps: [], decision: '', nextHop: '' };
      const r = explainRoute(table, call.request.resolve);
      const d = r.decision;
      return { entries, steps: r.steps, decision: d.kind, nextHop: d.kind === 'forward' ? d.nextHop : '' };
    }),
    Outbox: unary(c.log, async (call) => {
      const q = call.request;
      if (q.state && !STATES.includes(q.state as OutboxState)) {
        throw new LienthongError('INVALID_ARGUMENT', `state must be one of ${STATES.join(', ')}`);
      }
      const query: Parameters<Store['outbox']>[0] = { limit: q.limit || 1000 };
      if (q.nextHop) query.nextHop = q.nextHop;
      if (q.state) query.state = q.state as OutboxState;
      const entries = c.store.outbox(query);
      // The entries that match, as listed: of that next hop and in that state when given.
      const total = c.store.outboxDepths().filter((d) => !q.nextHop || d.nextHop === q.nextHop)
        .reduce((n, d) => n + (q.state ? d[q.state as OutboxState] : d.queued + d.inflight + d.held + d.failed + d.expired), 0);
      return { entries: entries.map(outboxEntryToPb), total };
    }),
    OutboxAction: unary(c.log, async (call) => {
      const { action, nextHop } = call.request;
      const given = call.request.ids.map(Number);
      // Ids that name no entry are reported, not silently counted as "0 changed"; the action goes
      // on for the others (and does nothing when none is left: no ids means every entry).
      const known = given.length ? new Set(c.store.entryIds('', STATES)) : null;
      const unknownIds = known ? given.filter((id) => !known.has(id)) : [];
      const explicit = known ? given.filter((id) => known.has(id)) : [];
      if (given.length && explicit.length === 0 && OUTBOX_ACTIONS.has(action)) return { affected: 0, unknownIds };
      const pick = (states: OutboxState[]) => (explicit.length ? explicit : c.store.entryIds(nextHop, states));
      let affected: number;
      let moved = 0;
      let unroutable: string[] = [];
      switch (action) {
        case 'flush': affected = await c.store.flush(explicit, c.now(), nextHop || undefined); break;
        case 'hold': affected = await c.store.hold(pick(['queued'])); break;
        case 'release': affected = await c.store.release(pick(['held'])); break;
        case 'requeue': affected = await c.store.requeue(pick(['failed', 'expired', 'held']), c.now(), c.requeueExtendMs); break;
        case 'reroute': {
          const r = await c.relay.reroute(pick([...TRANSITIONS.reroute.from]), c.requeueExtendMs);
          affected = r.entries;
          moved = r.moved;
          unroutable = r.unroutable.map((u) => `entry ${u.id}: ${u.recipient}: ${u.reason}`);
          break;
        }
        case 'delete': {
          const followUp = c.relay.nonDeliveryFollowUp('REMOVED_BY_OPERATOR', `removed from the outbox by the operator of ${c.relay.self}`);
          affected = await c.store.remove(pick(['queued', 'held', 'failed', 'expired']), followUp);
          break;
        }
        default: throw new LienthongError('INVALID_ARGUMENT', `unknown outbox action "${action}": use flush, hold, release, requeue, reroute or delete`);
      }
      c.log.info({ action, nextHop, ids: explicit.length, affected, ...(action === 'reroute' ? { moved, unroutable: unroutable.length } : {}) }, 'operator outbox action');
      c.registry.wake(null);
      return { affected, unknownIds, moved, unroutable };
    }),
    Send: unary(c.log, (call) => auditRefusals(c.refusals, () => ({ peer: OPERATOR, messageId: call.request.request?.messageId ?? '', sender: call.request.request?.from ?? '' }), async () => {
      const req = call.request.request;
      if (!req) throw new LienthongError('INVALID_ARGUMENT', 'request is required');
      attachedAgency(req.from);
      return sendResponse(await c.relay.submit(sendInput(req)));
    })),
    Inbox: unary(c.log, async (call) => {
      const agency = attachedAgency(call.request.agency);
      const { limit, includeAcknowledged, withBodies, afterSeq } = call.request;
      const items = c.store.inbox(agency, afterSeq, limit || 1000, includeAcknowledged);
      if (!withBodies) return { items: items.map((i) => inboxItemToPb(i, false, earlierOf(c.store, i))) };
      const page = [];
      let bytes = 0;
      for (const i of items) {
        if (page.length > 0 && bytes + i.message.body.length > INBOX_PAGE_BYTES) break;
        bytes += i.message.body.length;
        page.push(inboxItemToPb(i, true, earlierOf(c.store, i)));
      }
      return { items: page };
    }),
    Acknowledge: unary(c.log, async (call) => {
      const agency = attachedAgency(call.request.agency);
      const done = await c.relay.acknowledge(agency, call.request.messageIds);
      return { acknowledged: done.length, notInInbox: call.request.messageIds.filter((id) => !done.includes(id)) };
    }),
    UpdateStatus: unary(c.log, async (call) => {
      const agency = attachedAgency(call.request.agency);
      return updateStatusResponse(await c.relay.updateStatus(agency, call.request.messageId, call.request.code, call.request.reason));
    }),
    Trace: unary(c.log, async (call) => {
      const agency = call.request.agency ? attachedAgency(call.request.agency) : undefined;
      return traceResponse(c.relay.trace(call.request.messageId, agency));
    }),
    SendEdxml(call: grpc.ServerReadableStream<AdminServiceSendEdxmlRequest__Output, AdminServiceSendEdxmlResponse>, callback: grpc.sendUnaryData<AdminServiceSendEdxmlResponse>) {
      limitQueuedMessages(call);
      const endedBelow = watchEndBelow(call);
      const requests = (async function* () {
        for await (const r of call as AsyncIterable<AdminServiceSendEdxmlRequest__Output>) if (r.request) yield r.request;
      })();
      serveSendEdxml(requests, c.gateway, (options, from) => {
        const named = options?.agency ?? '';
        if (named && from && named !== from) {
          throw new LienthongError('SENDER_NOT_ALLOWED', `--from is ${named} but the package's From/OrganId is ${from}: an agency sends only as itself`);
        }
        if (!named && !from) throw new LienthongError('INVALID_ARGUMENT', 'the package names no sender (From/OrganId): say which attached agency sends it (--from)');
        if (!named && !c.attached.has(from)) {
          throw new LienthongError('NOT_FOUND', `the package's From/OrganId ${from} is not an agency attached to node ${c.self} (attached: ${[...c.attached].join(', ') || 'none'}): send it from the node its sender is attached to`);
        }
        return attachedAgency(named || from);
      }).then(
        (response) => callback(null, { response }),
        (err) => {
          // A call ended under the handler (a message did not decode) failed because it ended:
          // what ended it is what counts, and no answer can follow; a package cut short by a client
          // that left is no refusal.
          void settledEnd(call, endedBelow).then((ended) => {
            if (ended) {
              const refusal = refusalOfEndedCall(ended, err);
              if (refusal) recordSendRefusal(c.refusals, { peer: OPERATOR, messageId: '', sender: '' }, refusal);
              else c.log.info({ call: 'SendEdxml', peer: OPERATOR }, 'SendEdxml: the client left before its package was complete; nothing of it was kept');
              return;
            }
            recordSendRefusal(c.refusals, { peer: OPERATOR, messageId: '', sender: '' }, err);
            callback(toServiceError(err, c.log) as grpc.ServiceError);
          });
        },
      );
    },
    ExportEdxml(call: grpc.ServerWritableStream<AdminServiceExportEdxmlRequest__Output, AdminServiceExportEdxmlResponse>) {
      const run = async function* (): AsyncGenerator<AdminServiceExportEdxmlResponse> {
        const agency = attachedAgency(call.request.agency);
        for await (const data of c.gateway.export(agency, call.request.messageId)) yield { data };
      };
      void pipeToCall(call, run(), c.log);
    },
    FetchAttachment(call: grpc.ServerWritableStream<AdminServiceFetchAttachmentRequest__Output, AdminServiceFetchAttachmentResponse>) {
      const run = async function* (): AsyncGenerator<AdminServiceFetchAttachmentResponse> {
        const agency = attachedAgency(call.request.agency);
        yield* c.gateway.fetch(agency, call.request.messageId, call.request.sha256, Number(call.request.offset));
      };
      void pipeToCall(call, run(), c.log);
    },
    PublishRevocations: unary(c.log, async (call) => {
      const r = c.publishRevocations({ payload: call.request.payload, signature: call.request.signature });
      c.log.info({ outcome: r.outcome, version: r.version, sentTo: r.sentTo, dropped: r.dropped }, 'operator published a revocation list');
      return r;
    }),
  };
}

function status(c: AdminContext): StatusResponse {
  const depths = new Map(c.store.outboxDepths().map((d) => [d.nextHop, d]));
  const links: LinkStatus[] = c.registry.list().map((l) => {
    const d = depths.get(l.peer);
    return {
      peerCode: l.peer,
      role: l.role,
      state: l.state,
      sinceMs: l.sinceMs,
      address: l.address,
      outboxDepth: d ? d.queued + d.inflight + d.held : 0,
      oldestMs: d?.oldestMs ?? 0,
      lastError: l.session ? l.session.lastError : l.lastError,
      inflight: l.session?.inflightCount ?? 0,
      reconnects: l.reconnects,
      peerCertificate: l.certificate
        ? { subject: `${l.certificate.role} ${l.certificate.code}`, notAfterMs: l.certificate.notAfterMs, serial: l.certificate.serial, revoked: c.revocations.isRevoked(l.certificate.serial) }
        : null,
      clockOffsetMs: l.clock?.offsetMs ?? 0,
      clockUncertaintyMs: l.clock?.uncertaintyMs ?? 0,
      clockCheckedAtMs: l.clock?.atMs ?? 0,
      refused: l.state !== 'up' && l.refused,
    };
  });
  // Next hops no longer configured that still hold entries: a row each, so `status` shows them and `check` fails.
  const configured = new Set(links.map((l) => l.peerCode!));
  for (const s of strandedOutbox([...depths.values()], configured)) {
    links.push({
      peerCode: s.nextHop, role: UNCONFIGURED_ROLE, state: 'none', sinceMs: c.startedAtMs, address: '', outboxDepth: s.entries, oldestMs: s.oldestMs,
      lastError: 'no longer a configured child, parent or lateral peer: no link carries these entries', inflight: 0, reconnects: 0, peerCertificate: null,
      clockOffsetMs: 0, clockUncertaintyMs: 0, clockCheckedAtMs: 0, refused: false,
    });
  }
  const counters = Object.entries(c.store.counters()).map(([name, value]) => ({ name, value }));
  const outboxTotal = [...depths.values()].reduce((n, d) => n + d.queued + d.inflight + d.held, 0);
  return {
    nodeCode: c.self,
    level: c.level,
    startedAtMs: c.startedAtMs,
    version: c.version,
    links,
    counters,
    outboxTotal,
    inboxUnacknowledged: c.store.unacknowledgedInbox(),
    certificate: { ...c.certificate, revoked: c.revocations.isRevoked(c.certificate.serial) },
    caCertificate: { ...c.caCertificate, revoked: false },
    draining: c.draining(),
    listenAddress: c.listenAddress(),
    revocations: revocationStatus(c.revocations),
    storeFault: c.store.writeFault() ?? '',
    storeFull: c.store.fullReason() ?? c.files?.spaceRefusal() ?? '',
    signingCertificates: c.signingCertificates().map((s) => ({ ...s, revoked: c.revocations.isRevoked(s.serial) })),
    agencyCertificates: (c.agencyCertificates?.() ?? []).map((s) => ({ ...s, revoked: c.revocations.isRevoked(s.serial) })),
    // Inbox items of agencies detached since they were delivered: `check` warns, naming each.
    detachedInboxes: strandedInbox(c.store.unacknowledgedByAgency(), c.attached),
    auditLoss: c.auditLoss ?? '',
  };
}

function revocationStatus(r: RevocationState): RevocationStatus {
  const current = r.current();
  return {
    version: current?.version ?? 0,
    issuedAtMs: current?.issuedAtMs ?? 0,
    nextUpdateMs: current?.nextUpdateMs ?? 0,
    stale: current?.stale ?? false,
    entries: r.listValue?.entries.length ?? 0,
    refused: r.refused,
    lastRefusal: r.lastRefusal,
  };
}
