/**
 * The agency API: an agency's document software, authenticated by its certificate, sends only as
 * itself and reads only its own inbox. A revoked certificate is refused on every call, and the
 * streams it holds open are closed when the revocation arrives. Thin: decode, call the relay,
 * encode or map the error.
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
import { LienthongError } from '../domain/errors.js';
import { callerIdentity, type RevocationCheck } from '../link/tls-credentials.js';
import type { CertIdentity } from '../pki/identity.js';
import type { EdxmlGateway } from '../node/edxml-gateway.js';
import type { Relay } from '../node/relay.js';
import type { Store } from '../store/store.js';
import { toServiceError, unary } from './grpc-status.js';
import { limitQueuedMessages, pipeToCall, serveSendEdxml } from './edxml-streams.js';
import { streamInbox } from './inbox-stream.js';
import type { RefusalSink } from '../node/refusals.js';
import { auditRefusals, callerCode, recordSendRefusal } from './refusal-audit.js';
import { serveSendStream } from './send-stream.js';
import { sendInput, sendResponse, traceResponse } from './views.js';

export interface AgencyServiceOptions {
  self: string;
  relay: Relay;
  store: Store;
  /** Where refused sends are logged, counted and audited. */
  refusals: RefusalSink;
  attached: ReadonlySet<string>;
  gateway: EdxmlGateway;
  /** Refuses revoked certificates on every call. */
  revoked?: RevocationCheck;
  /** Emits 'applied' when a new revocation list is enforced: open streams of revoked certificates close. */
  revocations?: { on(event: 'applied', fn: () => void): unknown };
  log: Logger;
}

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
  const agencyOf = (call: Parameters<typeof callerIdentity>[0], claimed: string, what: string): string => {
    const id = callerIdentity(call, o.revoked);
    if (id.role !== 'agency') {
      throw new LienthongError('NOT_AUTHORIZED', `the agency API needs an agency certificate, got a ${id.role} certificate for ${id.code}`);
    }
    if (!o.attached.has(id.code)) {
      throw new LienthongError('NOT_AUTHORIZED', `agency ${id.code} is not attached to node ${o.self}: add it to "agencies" in this node's configuration`);
    }
    if (claimed && claimed !== id.code) {
      const code = what === 'from' ? 'SENDER_NOT_ALLOWED' : 'NOT_AUTHORIZED';
      throw new LienthongError(code, `${what} is ${claimed} but the certificate is for ${id.code}: an agency acts only as itself`);
    }
    return id.code;
  };

  return {
    Send: unary(o.log, (call) => auditRefusals(o.refusals, () => ({ peer: callerCode(call), messageId: call.request.messageId, sender: call.request.from }), async () => {
      agencyOf(call, call.request.from, 'from');
      return sendResponse(await o.relay.submit(sendInput(call.request)));
    })),
    Acknowledge: unary(o.log, async (call) => {
      const agency = agencyOf(call, call.request.agency, 'agency');
      const done = await o.relay.acknowledge(agency, call.request.messageIds);
      return { acknowledged: done.length, notInInbox: call.request.messageIds.filter((id) => !done.includes(id)) };
    }),
    UpdateStatus: unary(o.log, async (call) => {
      const agency = agencyOf(call, call.request.agency, 'agency');
      return o.relay.updateStatus(agency, call.request.messageId, call.request.code, call.request.reason);
    }),
    Trace: unary(o.log, async (call) => {
      const agency = agencyOf(call, call.request.agency, 'agency');
      return traceResponse(o.relay.trace(call.request.messageId, agency));
    }),
    SendStream(call: grpc.ServerDuplexStream<SendStreamRequest__Output, SendStreamResponse>) {
      let agency: string;
      try {
        agency = agencyOf(call, '', 'from');
      } catch (err) {
        call.emit('error', toServiceError(err, o.log));
        return;
      }
      watch(call);
      serveSendStream(call, agency, o.relay, o.log, (m, err) => recordSendRefusal(o.refusals, { peer: agency, messageId: m.request?.messageId ?? '', sender: m.request?.from ?? '' }, err));
    },
    Receive(call: grpc.ServerWritableStream<ReceiveRequest__Output, ReceiveResponse>) {
      let agency: string;
      try {
        agency = agencyOf(call, call.request.agency, 'agency');
      } catch (err) {
        call.emit('error', toServiceError(err, o.log));
        return;
      }
      watch(call);
      streamInbox(call, o.relay, o.store, agency, call.request.follow, call.request.max, o.log);
    },
    SendEdxml(call: grpc.ServerReadableStream<SendEdxmlRequest__Output, SendEdxmlResponse>, callback: grpc.sendUnaryData<SendEdxmlResponse>) {
      limitQueuedMessages(call);
      serveSendEdxml(call, o.gateway, (options, from) => {
        const agency = agencyOf(call, options?.agency ?? '', 'from');
        return from ? agencyOf(call, from, 'from') : agency;
      }).then(
        (res) => callback(null, res),
        (err) => {
          recordSendRefusal(o.refusals, { peer: callerCode(call), messageId: '', sender: '' }, err);
          callback(toServiceError(err, o.log) as grpc.ServiceError);
        },
      );
    },
    ExportEdxml(call: grpc.ServerWritableStream<ExportEdxmlRequest__Output, ExportEdxmlResponse>) {
      const run = async function* (): AsyncGenerator<ExportEdxmlResponse> {
        const agency = agencyOf(call, call.request.agency, 'agency');
        for await (const data of o.gateway.export(agency, call.request.messageId)) yield { data };
      };
      void pipeToCall(call, run(), o.log);
    },
    FetchAttachment(call: grpc.ServerWritableStream<FetchAttachmentRequest__Output, FetchAttachmentResponse>) {
      const run = async function* (): AsyncGenerator<FetchAttachmentResponse> {
        const agency = agencyOf(call, call.request.agency, 'agency');
        yield* o.gateway.fetch(agency, call.request.messageId, call.request.sha256, Number(call.request.offset));
      };
      void pipeToCall(call, run(), o.log);
    },
  };
}
