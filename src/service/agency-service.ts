/**
 * The agency API: an agency's document software, authenticated by its certificate, sends only as
 * itself and reads only its own inbox. A revoked certificate is refused on every call, and the
 * streams it holds open are closed when the revocation arrives. Every refusal, reads included, is
 * logged and counted with the certificate, the call and the reason (agency-refusals.ts). Thin:
 * decode, call the relay, encode or map the error.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { AgencyServiceHandlers } from '../gen/lienthong/v1/AgencyService.js';
import type { ReceiveResponse } from '../gen/lienthong/v1/ReceiveResponse.js';
import type { SendStreamRequest__Output } from '../gen/lienthong/v1/SendStreamRequest.js';
import type { SendStreamResponse } from '../gen/lienthong/v1/SendStreamResponse.js';
import type { ReceiveRequest__Output } from '../gen/lienthong/v1/ReceiveRequest.js';
import type { ExportEdxmlRequest__Output } from '../gen/lienthong/v1/ExportEdxmlRequest.js';
import type { ExportEdxmlResponse } from '../gen/lienthong/v1/ExportEdxmlResponse.js';
import type { FetchAttachmentRequest__Output } from '../gen/lienthong/v1/FetchAttachmentRequest.js';
import type { FetchAttachmentResponse } from '../gen/lienthong/v1/FetchAttachmentResponse.js';
import type { SendEdxmlRequest__Output } from '../gen/lienthong/v1/SendEdxmlRequest.js';
import type { SendEdxmlResponse } from '../gen/lienthong/v1/SendEdxmlResponse.js';
import { quoted } from '../domain/agency-code.js';
import { LienthongError } from '../domain/errors.js';
import { callerIdentity, type RevocationCheck } from '../link/tls-credentials.js';
import { aRole, type CertIdentity } from '../pki/identity.js';
import type { EdxmlGateway } from '../node/edxml-gateway.js';
import type { Relay } from '../node/relay.js';
import type { Store } from '../store/store.js';
import { toServiceError, unary } from './grpc-status.js';
import { limitQueuedMessages, pipeToCall, refusalOfEndedCall, serveSendEdxml, settledEnd, watchEndBelow } from './edxml-streams.js';
import { streamInbox } from './inbox-stream.js';
import type { RefusalSink } from '../node/refusals.js';
import { AgencyRefusals, certificateOf, type AgencyRpc, type Claimed } from './agency-refusals.js';
import { serveSendStream } from './send-stream.js';
import { sendInput, sendResponse, traceResponse, updateStatusResponse } from './views.js';

export interface AgencyServiceOptions {
  self: string;
  relay: Relay;
  store: Store;
  /** Where refused calls are logged, counted and audited (agency-refusals.ts says which). */
  refusals: RefusalSink;
  attached: ReadonlySet<string>;
  gateway: EdxmlGateway;
  /** Refuses revoked certificates on every call. */
  revoked?: RevocationCheck;
  /** Emits 'applied' when a new revocation list is enforced: open streams of revoked certificates close. */
  revocations?: { on(event: 'applied', fn: () => void): unknown };
  log: Logger;
}

type Caller = Parameters<typeof callerIdentity>[0];

interface OpenStream {
  emit(event: 'error', err: unknown): boolean;
  once(event: string, fn: () => void): unknown;
}

export function agencyService(o: AgencyServiceOptions): AgencyServiceHandlers {
  /** Streams open now, with the certificate that opened each. */
  const open = new Map<OpenStream, CertIdentity>();
  o.revocations?.on('applied', () => {
    for (const [call, id] of open) {
      const why = o.revoked?.(id);
      if (!why) continue;
      open.delete(call);
      o.log.warn({ agency: id.code, serial: id.serial }, `agency stream closed: ${why}`);
      call.emit('error', toServiceError(new LienthongError('CERTIFICATE_REVOKED', `${why}: issue a new one with \`lienthong pki issue --code ${id.code} --role ${id.role}\` and install it`)));
    }
  });
  const watch = (call: OpenStream & Parameters<typeof callerIdentity>[0]) => {
    open.set(call, callerIdentity(call));
    const forget = () => open.delete(call);
    for (const e of ['close', 'finish', 'cancelled']) call.once(e, forget);
  };

  /** The attached agency the caller's certificate names; `claimed` must match it when given. */
  const agencyOf = (call: Caller, claimed: string, what: string): string => {
    const id = callerIdentity(call, o.revoked);
    if (id.role !== 'agency') {
      throw new LienthongError('NOT_AUTHORIZED', `the agency API needs an agency certificate, got ${aRole(id.role)} certificate for ${id.code}`);
    }
    if (!o.attached.has(id.code)) {
      throw new LienthongError('NOT_AUTHORIZED', `agency ${id.code} is not attached to node ${o.self}: add it to "agencies" in this node's configuration`);
    }
    // Codes are read trimmed, as Send reads from and to: quoted, since " X " and "X" look alike.
    if (claimed && claimed.trim() !== id.code) {
      const code = what === 'from' ? 'SENDER_NOT_ALLOWED' : 'NOT_AUTHORIZED';
      throw new LienthongError(code, `${what} is ${quoted(claimed)} but the certificate is for ${id.code}: an agency acts only as itself`);
    }
    return id.code;
  };

  const refusals = new AgencyRefusals(o.refusals);
  /** The status for `err` ending `rpc`, its refusal recorded. */
  const refuse = (rpc: AgencyRpc, call: Caller, err: unknown, claimed?: Claimed): Partial<grpc.ServiceError> => {
    refusals.record(rpc, call, err, claimed);
    return toServiceError(err, o.log);
  };
  /** A unary call, its refusals recorded. */
  const unaryCall = <Req, Res>(rpc: AgencyRpc, body: (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>, claimed?: (req: Req) => Claimed) =>
    unary<Req, Res>(o.log, (call) =>
      body(call).catch((err: unknown) => {
        refusals.record(rpc, call, err, claimed?.(call.request));
        throw err;
      }),
    );

  return {
    Send: unaryCall('Send', async (call) => {
      agencyOf(call, call.request.from, 'from');
      return sendResponse(await o.relay.submit(sendInput(call.request)));
    }, (req) => ({ messageId: req.messageId, sender: req.from })),
    Acknowledge: unaryCall('Acknowledge', async (call) => {
      const agency = agencyOf(call, call.request.agency, 'agency');
      const done = await o.relay.acknowledge(agency, call.request.messageIds);
      return { acknowledged: done.length, notInInbox: call.request.messageIds.filter((id) => !done.includes(id)) };
    }),
    UpdateStatus: unaryCall('UpdateStatus', async (call) => {
      const agency = agencyOf(call, call.request.agency, 'agency');
      return updateStatusResponse(await o.relay.updateStatus(agency, call.request.messageId, call.request.code, call.request.reason));
    }, (req) => ({ messageId: req.messageId })),
    Trace: unaryCall('Trace', async (call) => {
      const agency = agencyOf(call, call.request.agency, 'agency');
      return traceResponse(o.relay.trace(call.request.messageId, agency));
    }, (req) => ({ messageId: req.messageId })),
    SendStream(call: grpc.ServerDuplexStream<SendStreamRequest__Output, SendStreamResponse>) {
      let agency: string;
      try {
        agency = agencyOf(call, '', 'from');
      } catch (err) {
        call.emit('error', refuse('SendStream', call, err));
        return;
      }
      watch(call);
      serveSendStream(call, agency, o.relay, o.log, (m, err) => refusals.record('SendStream', call, err, { messageId: m.request?.messageId ?? '', sender: m.request?.from ?? '' }));
    },
    Receive(call: grpc.ServerWritableStream<ReceiveRequest__Output, ReceiveResponse>) {
      let agency: string;
      try {
        agency = agencyOf(call, call.request.agency, 'agency');
      } catch (err) {
        call.emit('error', refuse('Receive', call, err));
        return;
      }
      watch(call);
      streamInbox(call, o.relay, o.store, agency, call.request.follow, call.request.max, o.log, Number(call.request.afterSeq));
    },
    SendEdxml(call: grpc.ServerReadableStream<SendEdxmlRequest__Output, SendEdxmlResponse>, callback: grpc.sendUnaryData<SendEdxmlResponse>) {
      limitQueuedMessages(call);
      const endedBelow = watchEndBelow(call);
      // Read while the call is open: once the client has left, grpc-js knows no peer any more.
      const caller = certificateOf(call) || call.getPeer();
      serveSendEdxml(call, o.gateway, (options, from) => {
        const agency = agencyOf(call, options?.agency ?? '', 'from');
        return from ? agencyOf(call, from, 'from') : agency;
      }).then(
        (res) => callback(null, res),
        (err) => {
          // A call ended under the handler (the client left, a message did not decode) cannot be
          // answered: what ended it counts, or the handler's own refusal of the caller (a sender
          // that is not the caller, say); a package cut short by a client that left is no refusal.
          void settledEnd(call, endedBelow).then((ended) => {
            if (!ended) return callback(refuse('SendEdxml', call, err) as grpc.ServiceError);
            const refusal = refusalOfEndedCall(ended, err);
            if (refusal) refusals.record('SendEdxml', call, refusal);
            else o.log.info({ call: 'SendEdxml', peer: caller }, 'SendEdxml: the client left before its package was complete; nothing of it was kept');
          });
        },
      );
    },
    ExportEdxml(call: grpc.ServerWritableStream<ExportEdxmlRequest__Output, ExportEdxmlResponse>) {
      const run = async function* (): AsyncGenerator<ExportEdxmlResponse> {
        const agency = agencyOf(call, call.request.agency, 'agency');
        for await (const data of o.gateway.export(agency, call.request.messageId)) yield { data };
      };
      void pipeToCall(call, refusals.watch('ExportEdxml', call, run, { messageId: call.request.messageId }), o.log);
    },
    FetchAttachment(call: grpc.ServerWritableStream<FetchAttachmentRequest__Output, FetchAttachmentResponse>) {
      const run = async function* (): AsyncGenerator<FetchAttachmentResponse> {
        const agency = agencyOf(call, call.request.agency, 'agency');
        yield* o.gateway.fetch(agency, call.request.messageId, call.request.sha256, Number(call.request.offset));
      };
      void pipeToCall(call, refusals.watch('FetchAttachment', call, run, { messageId: call.request.messageId }), o.log);
    },
  };
}
