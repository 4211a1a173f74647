/**
 * A small client of the agency API for document-management software (and for the demo and tests):
 * mutual TLS with the agency's certificate, the node identified by the code in its certificate.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { AgencyServiceClient } from '../gen/lienthong/v1/AgencyService.js';
import type { InboxItem__Output } from '../gen/lienthong/v1/InboxItem.js';
import type { SendEdxmlRequest } from '../gen/lienthong/v1/SendEdxmlRequest.js';
import type { SendEdxmlResponse__Output } from '../gen/lienthong/v1/SendEdxmlResponse.js';
import type { UpdateStatusResponse__Output } from '../gen/lienthong/v1/UpdateStatusResponse.js';
import type { SendRequest } from '../gen/lienthong/v1/SendRequest.js';
import type { SendResponse__Output } from '../gen/lienthong/v1/SendResponse.js';
import type { SendStreamRequest } from '../gen/lienthong/v1/SendStreamRequest.js';
import type { SendStreamResponse__Output } from '../gen/lienthong/v1/SendStreamResponse.js';
import { buildDocument, type SendInput } from '../domain/envelope.js';
import { isErrorCode, LienthongError } from '../domain/errors.js';
import { newMessageId } from '../domain/ids.js';
import { signEnvelope } from '../signing/sign-envelope.js';
import { algorithmFor, signBytes } from '../signing/signature-crypto.js';
import type { Signature } from '../gen/lienthong/v1/Signature.js';
import { checkFormToSign } from './form-to-sign.js';
import { signatureToPb } from '../service/wire.js';
import type { TraceResponse__Output } from '../gen/lienthong/v1/TraceResponse.js';
import { CHANNEL_OPTIONS, dialCredentials, readTlsFiles, type TlsFiles } from '../link/tls-credentials.js';
import { parseCertificate, validityProblem } from '../pki/identity.js';
import { fromServiceError } from '../service/grpc-status.js';
import { loadProto } from '../service/proto.js';
import { releasePiece } from './edxml-piece.js';
import { upload } from './upload.js';

export interface AgencyClientOptions {
  /** host:port of the node's peer/agency port. */
  address: string;
  /** The node's code, checked against its certificate. */
  nodeCode: string;
  tls: TlsFiles;
  /** Send every document over one SendStream call instead of one Send call each (busy senders). */
  streamSends?: boolean;
  /**
   * Sign each document with the agency's key (tls.key) and certificate (tls.cert) before sending
   * it. Default true; false leaves signing to the node, which must then hold the agency's key.
   */
  sign?: boolean;
  /** This machine's clock (tests); the certificate's validity is checked against it. */
  now?: () => number;
}

/** Expiry of a signed document when the request names none: the node's default (limits.expiry). */
export const DEFAULT_EXPIRY_SECONDS = 7 * 86_400;

/**
 * An edXML package to send: its bytes, a function that reads it afresh at each call (from a file,
 * say), or an iterable read once. Only the first two can be signed here: signing reads the package
 * twice (README, "Signing an edXML package in the agency's software"); a package read once goes
 * unsigned, for the node to sign with the agency's key (signing.agencyKeys).
 */
export type EdxmlSource = Uint8Array | (() => AsyncIterable<Buffer>) | AsyncIterable<Buffer>;

export interface SendEdxmlOptions {
  agency?: string;
  messageId?: string;
  expirySeconds?: number;
  /** Each attachment's SHA-256 and size, by ContentId: the node passes them on as they arrive. */
  files?: { contentId: string; sha256: string; size: number }[];
  /** A signature made by the caller, with the times it covers (and messageId): sent as is. */
  signature?: Signature;
  createdAtMs?: number;
  expiresAtMs?: number;
}

interface SigningKey {
  key: KeyObject;
  certificate: Buffer;
}

interface StreamedSend {
  resolve: (r: SendResponse__Output) => void;
  reject: (e: Error) => void;
}

export class AgencyClient {
  private readonly client: AgencyServiceClient;
  private readonly streamSends: boolean;
  private stream: grpc.ClientDuplexStream<SendStreamRequest, SendStreamResponse__Output> | null = null;
  private readonly waiting = new Map<number, StreamedSend>();
  private seq = 0;
  private readonly signing: SigningKey | null;
  private readonly now: () => number;
  private readonly certificate: { notBeforeMs: number; notAfterMs: number; what: string; renew: string };
  /** The agency code in this client's certificate. */
  private readonly agency: string;
  private readonly nodeCode: string;

  constructor(o: AgencyClientOptions) {
    this.streamSends = o.streamSends ?? false;
    this.now = o.now ?? Date.now;
    const proto = loadProto();
    const material = readTlsFiles(o.tls);
    const x509 = parseCertificate(material.cert.toString('utf8'), `this agency's certificate (tls.cert ${o.tls.cert})`);
    const code = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject)?.[1] ?? 'CODE';
    this.agency = code;
    this.nodeCode = o.nodeCode;
    this.certificate = {
      notBeforeMs: Date.parse(x509.validFrom),
      notAfterMs: Date.parse(x509.validTo),
      what: `this agency's certificate (tls.cert ${o.tls.cert}, serial ${x509.serialNumber.toUpperCase()})`,
      renew: `the node refuses it; ask the network CA for a new one (\`lienthong pki issue --role agency --code ${code}\`) and install it with its key`,
    };
    // A certificate outside its validity period gets every call refused at the TLS handshake, which
    // the client only sees as a connection that fails: say why now rather than "node unreachable".
    const problem = this.certificateProblem();
    if (problem) throw problem;
    this.signing = o.sign === false ? null : { key: createPrivateKey(material.key), certificate: x509.raw };
    const creds = dialCredentials(material, o.nodeCode, 'node');
    this.client = new proto.AgencyService(o.address, creds, { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': 'lienthong-node' }) as unknown as AgencyServiceClient;
  }

  /** CERTIFICATE_INVALID when this agency's certificate is expired or not yet valid by this machine's clock. */
  private certificateProblem(cause?: unknown): LienthongError | null {
    const c = this.certificate;
    const problem = validityProblem(c, this.now(), c.what, c.renew);
    return problem ? new LienthongError('CERTIFICATE_INVALID', problem, cause === undefined ? undefined : { cause }) : null;
  }

  /**
   * A call's failure as the caller should read it: a node that cannot be reached while this agency's
   * certificate has expired (since the client was made) is the certificate's fault, not the node's.
   */
  private failure(err: unknown): Error {
    const e = err instanceof LienthongError ? err : 'code' in (err as object) && typeof (err as grpc.ServiceError).code === 'number' ? fromServiceError(err as grpc.ServiceError) : (err as Error);
    if (e instanceof LienthongError && e.code === 'NODE_UNREACHABLE') return this.certificateProblem(e) ?? e;
    return e;
  }

  private unary<Req, Res>(method: 'Send' | 'Acknowledge' | 'UpdateStatus' | 'Trace', req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      (this.client[method] as unknown as (r: Req, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: Res) => void) => void).call(
        this.client,
        req,
        { deadline: Date.now() + 30_000 },
        (err, res) => (err ? reject(this.failure(err)) : resolve(res as Res)),
      );
    });
  }

  /**
   * The request signed: it gets a message id, its times and the signature over the envelope the
   * node will build from it (normalised the same way). A request already signed is returned as is.
   */
  signRequest(req: SendRequest, nowMs = Date.now()): SendRequest {
    if (!this.signing || req.signature) return req;
    const messageId = req.messageId || newMessageId();
    const createdAtMs = nowMs;
    const expiresAtMs = nowMs + (req.expirySeconds || DEFAULT_EXPIRY_SECONDS) * 1000;
    const input: SendInput = {
      from: req.from ?? '',
      to: req.to ?? [],
      priority: req.priority ?? 0,
      document: (req.document ?? {}) as SendInput['document'],
      body: typeof req.body === 'string' ? Buffer.from(req.body, 'base64') : Buffer.from(req.body ?? []),
      messageId,
      createdAtMs,
      expiresAtMs,
      signature: { algorithm: 'RSA-SHA256', certificate: '', value: '' },
    };
    const m = buildDocument(input, { maxDocumentBytes: Number.MAX_SAFE_INTEGER, expirySeconds: (expiresAtMs - createdAtMs) / 1000 }, nowMs);
    const signature = signEnvelope(m, this.signing.key, this.signing.certificate);
    return { ...req, messageId, createdAtMs, expiresAtMs, signature: signatureToPb(signature) };
  }

  async send(unsigned: SendRequest): Promise<SendResponse__Output> {
    const req = this.signRequest(unsigned);
    if (!this.streamSends) return this.unary('Send', req);
    const stream = this.openStream();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      stream.write({ seq, request: req });
    });
  }

  /** The SendStream call, opened on first use and again after it fails. */
  private openStream(): grpc.ClientDuplexStream<SendStreamRequest, SendStreamResponse__Output> {
    if (this.stream) return this.stream;
    const stream = this.client.SendStream();
    this.stream = stream;
    stream.on('data', (r: SendStreamResponse__Output) => {
      const w = this.waiting.get(r.seq);
      if (!w) return;
      this.waiting.delete(r.seq);
      if (r.response) w.resolve(r.response);
      else w.reject(new LienthongError(isErrorCode(r.errorCode) ? r.errorCode : 'INTERNAL', r.errorMessage));
    });
    const fail = (err: Error) => {
      if (this.stream === stream) this.stream = null;
      const e = this.failure(err);
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    stream.on('error', fail);
    stream.on('end', () => fail(new LienthongError('NODE_UNREACHABLE', 'the node ended the send stream')));
    return stream;
  }

  acknowledge(agency: string, messageIds: string[]): Promise<{ acknowledged: number }> {
    return this.unary('Acknowledge', { agency, messageIds });
  }

  updateStatus(agency: string, messageId: string, code: string, reason = ''): Promise<UpdateStatusResponse__Output> {
    return this.unary('UpdateStatus', { agency, messageId, code, reason });
  }

  trace(agency: string, messageId: string): Promise<TraceResponse__Output> {
    return this.unary('Trace', { agency, messageId });
  }

  /** Unacknowledged inbox items now (follow = false), or a stream that stays open. */
  /** Unacknowledged items, oldest first (after `afterSeq`, the seq of the last item stored, when given). */
  receive(agency: string, follow: boolean, onItem: (item: InboxItem__Output) => void, afterSeq = 0): { done: Promise<void>; cancel: () => void } {
    const call = this.client.Receive({ agency, follow, max: 0, afterSeq });
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (r: { item: InboxItem__Output | null }) => {
        if (r.item) onItem(r.item);
      });
      call.on('end', () => resolve());
      call.on('error', (err: grpc.ServiceError) => (err.code === grpc.status.CANCELLED ? resolve() : reject(this.failure(err))));
    });
    return { done, cancel: () => call.cancel() };
  }

  async inbox(agency: string): Promise<InboxItem__Output[]> {
    const items: InboxItem__Output[] = [];
    await this.receive(agency, false, (i) => items.push(i)).done;
    return items;
  }

  /**
   * Sends an edXML package (document or status) piece by piece; the node decodes its attachments
   * to disk as they stream. Declaring each attachment's SHA-256 and size (`files`, by ContentId)
   * lets the node pass the files on while the package is still arriving.
   *
   * A document package is signed with the agency's key (unless `sign: false`, or `signature` is
   * given) when `source` can be read twice: a first call asks the node for the bytes to sign
   * (edxmlFormToSign), the second sends the package with the signature over them. A status package
   * goes unsigned (the node answers no form for it): statuses travel unsigned.
   */
  async sendEdxml(source: EdxmlSource, options: SendEdxmlOptions = {}): Promise<SendEdxmlResponse__Output> {
    const read = rereadable(source);
    if (!this.signing || options.signature || !read) return this.edxmlCall(read ? read() : (source as AsyncIterable<Buffer>), options);
    const nowMs = Date.now();
    const asked = { ...options, messageId: options.messageId || newMessageId(), createdAtMs: nowMs, expiresAtMs: nowMs + (options.expirySeconds || DEFAULT_EXPIRY_SECONDS) * 1000 };
    const { messageId, signedForm } = await this.edxmlFormToSign(read(), asked);
    if (signedForm.length === 0) return this.edxmlCall(read(), options);
    return this.edxmlCall(read(), { ...asked, messageId, signature: this.signForm(signedForm, asked) });
  }

  /**
   * Step one of signing a package in this software: the node reads and checks the package as for
   * sending it, keeps nothing, and answers the message id (`messageId`, or one it chose) and the
   * exact bytes to sign for these times. A status package answers an empty form.
   */
  async edxmlFormToSign(
    source: AsyncIterable<Buffer>,
    options: Omit<SendEdxmlOptions, 'signature'> & { createdAtMs: number; expiresAtMs: number },
  ): Promise<{ messageId: string; signedForm: Buffer }> {
    const r = await this.edxmlCall(source, options, true);
    return { messageId: r.messageId, signedForm: r.signedForm };
  }

  /** The signature over `form`, once it is checked to be this agency's document with the id and times asked. */
  private signForm(form: Buffer, asked: { messageId: string; createdAtMs: number; expiresAtMs: number }): Signature {
    const signing = this.signing!;
    checkFormToSign(form, { node: this.nodeCode, from: this.agency, id: asked.messageId.toLowerCase(), createdAtMs: asked.createdAtMs, expiresAtMs: asked.expiresAtMs });
    const algorithm = algorithmFor(signing.key);
    return { algorithm, certificate: signing.certificate, value: signBytes(algorithm, form, signing.key) };
  }

  private async edxmlCall(source: AsyncIterable<Buffer>, o: SendEdxmlOptions, formOnly = false): Promise<SendEdxmlResponse__Output> {
    const options: SendEdxmlRequest['options'] = { agency: o.agency ?? '', messageId: o.messageId ?? '', expirySeconds: o.expirySeconds ?? 0, files: o.files ?? [] };
    if (o.signature) options.signature = o.signature;
    if (o.createdAtMs) options.createdAtMs = o.createdAtMs;
    if (o.expiresAtMs) options.expiresAtMs = o.expiresAtMs;
    if (formOnly) options.formOnly = true;
    try {
      return await upload((cb) => this.client.SendEdxml(cb), pieces(source), { options }, releasePiece);
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** A message the agency sent or received, as an edXML package, piece by piece. */
  async *exportEdxml(agency: string, messageId: string): AsyncGenerator<Buffer> {
    const call = this.client.ExportEdxml({ agency, messageId });
    try {
      for await (const r of call) yield (r as { data: Buffer }).data;
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** One attachment, from `offset` (a cut download resumes there). */
  async *fetchAttachment(agency: string, messageId: string, sha256: string, offset = 0): AsyncGenerator<Buffer> {
    const call = this.client.FetchAttachment({ agency, messageId, sha256, offset });
    try {
      for await (const r of call) yield (r as { data: Buffer }).data;
    } catch (err) {
      throw this.failure(err);
    }
  }

  close(): void {
    this.stream?.end();
    this.client.close();
  }
}

async function* pieces(source: AsyncIterable<Buffer>): AsyncGenerator<SendEdxmlRequest> {
  for await (const data of source) yield { data };
}

/** Each call reads `source` from its start; null when it can be read only once. */
function rereadable(source: EdxmlSource): (() => AsyncIterable<Buffer>) | null {
  if (typeof source === 'function') return source;
  if (source instanceof Uint8Array) {
    const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return async function* () {
      for (let at = 0; at < bytes.length; at += EDXML_PIECE_BYTES) yield bytes.subarray(at, at + EDXML_PIECE_BYTES);
    };
  }
  return null;
}

/** Pieces a package given as bytes is sent in. */
const EDXML_PIECE_BYTES = 1024 * 1024;
