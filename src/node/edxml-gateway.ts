/**
 * edXML packages and attachment files at a node's edge, for the agency and admin services: a package
 * streams in (attachments decoded to disk as they come) and becomes a document or a status; a held
 * message streams out as a package; an attachment streams out from an offset. Authorization: an
 * agency sends only as itself and reads only what it sent or what was delivered to it here.
 */
import { foreignMessage, LienthongError, unknownMessage } from '../domain/errors.js';
import { quoted } from '../domain/agency-code.js';
import { bodyReleased } from '../domain/envelope.js';
import { checkMessageId } from '../domain/ids.js';
import type { SkippedRecipient } from '../domain/recall-reach.js';
import { statusTimeProblem } from '../domain/status-time.js';
import { checkSigningFields } from '../domain/sender-signing.js';
import type { Clock, Message, MessageSignature } from '../domain/types.js';
import { exportEdxml } from '../edxml/edxml-export.js';
import { documentPackage, edxmlStatusOf, exportedAttachments, responseKeyOf, sendInputFromPackage, statusPackage } from '../edxml/edxml-message.js';
import { issuerOf } from '../edxml/edxml-header.js';
import { hashingSink } from '../edxml/edxml-hashing-sink.js';
import { parseEdxml } from '../edxml/edxml-parse.js';
import { contentIdKey } from '../edxml/edxml-manifest.js';
import type { AttachmentRef, AttachmentSink, AttachmentWriter, EdxmlPackage, ResponseFor } from '../edxml/edxml-types.js';
import type { AttachmentStore, DeclaredUpload } from '../store/attachment-store.js';
import type { Store, StoredMessage } from '../store/store.js';
import type { Relay, SubmitResult } from './relay.js';

export interface EdxmlSendOptions {
  messageId?: string;
  expirySeconds?: number;
  /** Attachments the agency declared (SendEdxmlOptions.files): passed on while the package arrives. */
  files?: DeclaredFile[];
  /** Set with createdAtMs, expiresAtMs and messageId when the agency's software signed the document. */
  signature?: MessageSignature;
  createdAtMs?: number;
  expiresAtMs?: number;
  /** Only the bytes to sign are asked for: nothing is kept or sent on (SendEdxmlOptions.form_only). */
  formOnly?: boolean;
}

/** An attachment's SHA-256 and size, declared by the agency before its package. */
export interface DeclaredFile {
  contentId: string;
  sha256: string;
  size: number;
}

/** A file to pass on to the next hops of `recipients` while it is still arriving. */
export interface FileOffer {
  sha256: string;
  size: number;
  recipients: string[];
  messageId: string;
  /** The package's sender (checked as the agency acting). */
  sender: string;
}

export type EdxmlSendResult =
  | { kind: 'document'; submit: SubmitResult; attachmentBytes: number }
  | { kind: 'status'; statusMessageIds: string[]; alreadySent: boolean; skipped: SkippedRecipient[] }
  /** form_only: the id and bytes the agency's software is to sign (empty for a status package: statuses travel unsigned). */
  | { kind: 'form'; messageId: string; signedForm: Buffer };

const CHUNK = 1024 * 1024;
const STATUS_TIMESTAMP = 'edXML/edXMLEnvelope/edXMLHeader/Status/Timestamp';

export class EdxmlGateway {
  constructor(
    private readonly o: {
      relay: Relay;
      store: Store;
      files: AttachmentStore;
      maxDocumentBytes: number;
      now: Clock;
      /** Starts passing a declared file on to the next hops of its recipients (cut-through). */
      passOn?: (offer: FileOffer) => void;
    },
  ) {}

  /**
   * Takes in a package. `authorize` gets the package's From/OrganId ('' when a status package has
   * none) and returns the attached agency acting, or throws: an agency sends only as itself. A
   * status package answers a document that agency sent or received here.
   */
  async send(authorize: (packageFrom: string) => string, source: AsyncIterable<Buffer>, opts: EdxmlSendOptions): Promise<EdxmlSendResult> {
    const signing = { signed: opts.signature !== undefined, formOnly: opts.formOnly === true, messageId: opts.messageId ?? '', createdAtMs: opts.createdAtMs ?? 0, expiresAtMs: opts.expiresAtMs ?? 0 };
    checkSigningFields(signing, 'SendEdxmlOptions');
    const declared = declaredFiles(opts.files ?? [], this.o.maxDocumentBytes);
    if (opts.formOnly) return this.formToSign(authorize, source, declared, opts);
    const used = new Set<string>();
    const started: { upload: DeclaredUpload; file: DeclaredFile }[] = [];
    let recipients: string[] | null = null;
    let sender = '';
    const passOn = (upload: DeclaredUpload, file: DeclaredFile): void => {
      const offerTo = recipients;
      const pass = this.o.passOn;
      if (!offerTo || !pass) return;
      void upload.arriving.then(
        (arriving) => arriving && pass({ sha256: file.sha256, size: file.size, recipients: offerTo, messageId: opts.messageId ?? '', sender }),
        () => undefined,
      );
    };
    const finished: { sha256: string; created: boolean }[] = [];
    const held = (writer: AttachmentWriter): AttachmentWriter => ({
      write: (bytes) => writer.write(bytes),
      abort: () => writer.abort(),
      finish: async () => {
        const r = await writer.finish();
        finished.push({ sha256: r.sha256, created: r.created === true });
        return r;
      },
    });
    const sink: AttachmentSink = {
      begin: (info) => {
        const key = contentIdKey(info.contentId);
        const file = declared.get(key);
        if (!file) return held(this.o.files.upload());
        used.add(key);
        const upload = this.o.files.uploadDeclared(file.sha256, file.size, `edXML attachment ${info.contentId}`);
        started.push({ upload, file });
        passOn(upload, file);
        return held(upload);
      },
      // The sender is checked before any of its bytes go further than this node.
      header: (head) => {
        authorize(head.from);
        sender = head.from;
        recipients = head.to;
        for (const s of started) passOn(s.upload, s.file);
      },
    };
    let accepted = false;
    try {
      const result = await this.take(authorize, source, sink, declared, used, opts);
      accepted = true;
      return result;
    } finally {
      // A refused package's new files go now: no message refers to them.
      for (const f of finished) {
        const orphan = !accepted && f.created ? () => !this.o.store.attachmentReferenced(f.sha256) : undefined;
        this.o.files.release(f.sha256, orphan);
      }
    }
  }

  /**
   * SendEdxmlOptions.form_only: the package read and checked as for sending it (the same sender
   * checks, size limits and declarations), its files hashed and never stored, nothing passed on or
   * taken in; answers the id and bytes the agency's software is to sign.
   */
  private async formToSign(authorize: (packageFrom: string) => string, source: AsyncIterable<Buffer>, declared: Map<string, DeclaredFile>, opts: EdxmlSendOptions): Promise<EdxmlSendResult> {
    const pkg = await this.parse(source, hashingSink((head) => void authorize(head.from)));
    // No file was matched to its declaration as it arrived: each is checked against the package now.
    checkLateDeclarations([...declared.values()], pkg.kind === 'document' ? pkg.attachments : []);
    if (pkg.kind === 'status') {
      authorize(pkg.from.organId);
      return { kind: 'form', messageId: '', signedForm: Buffer.alloc(0) };
    }
    authorize(pkg.header.from.organId);
    return { kind: 'form', ...this.o.relay.formToSign(sendInputFromPackage(pkg, opts)) };
  }

  private parse(source: AsyncIterable<Buffer>, sink: AttachmentSink): Promise<EdxmlPackage> {
    // The raw package is base64 (4/3 of the files) plus the header: allow for both; the decoded
    // total is held to limits.maxDocumentBytes when the document is built.
    const maxBytes = Math.ceil((this.o.maxDocumentBytes * 4) / 3) + 4 * 1024 * 1024;
    return parseEdxml(source, sink, { now: this.o.now, maxBytes, maxDecodedBytes: this.o.maxDocumentBytes });
  }

  private async take(
    authorize: (packageFrom: string) => string,
    source: AsyncIterable<Buffer>,
    sink: AttachmentSink,
    declared: Map<string, DeclaredFile>,
    used: Set<string>,
    opts: EdxmlSendOptions,
  ): Promise<EdxmlSendResult> {
    const pkg = await this.parse(source, sink);
    checkLateDeclarations([...declared.values()].filter((f) => !used.has(contentIdKey(f.contentId))), pkg.kind === 'document' ? pkg.attachments : []);
    if (pkg.kind === 'document') {
      authorize(pkg.header.from.organId);
      const submit = await this.o.relay.submit(sendInputFromPackage(pkg, opts));
      return { kind: 'document', submit, attachmentBytes: pkg.attachments.reduce((n, a) => n + a.size, 0) };
    }
    const agency = authorize(pkg.from.organId);
    if (opts.signature) {
      throw new LienthongError('INVALID_ARGUMENT', 'SendEdxmlOptions.signature is set on a status package: statuses travel unsigned (README, "Signatures"); send it without signature, created_at_ms and expires_at_ms');
    }
    // The agency's software hands its status in here; statuses peers relay are not checked again.
    const ahead = statusTimeProblem(STATUS_TIMESTAMP, pkg.timestampMs, this.o.now());
    if (ahead) throw new LienthongError('INVALID_EDXML', ahead);
    const messageId = this.answered(pkg.responseFor, agency);
    const edxml = edxmlStatusOf(pkg);
    if (pkg.statusCode === '01') {
      const done = await this.o.relay.acknowledge(agency, [messageId], edxml, pkg.description);
      return { kind: 'status', statusMessageIds: [], alreadySent: done.length === 0, skipped: [] };
    }
    const r = await this.o.relay.updateStatus(agency, messageId, pkg.statusCode, pkg.description, edxml);
    return { kind: 'status', statusMessageIds: r.statusMessageIds, alreadySent: r.alreadySent, skipped: r.skipped };
  }

  /**
   * The document a status package answers: by message id, or by DocumentId (or OrganId, date and
   * Code) among those `agency` sent or received here, issued by ResponseFor/OrganId when it names one.
   */
  private answered(r: ResponseFor, agency: string): string {
    if (r.documentId !== '' && this.o.store.message(r.documentId)) return r.documentId;
    const key = responseKeyOf(r);
    const issuer = r.organId || issuerOf(key) || '';
    let found = key === '' ? null : this.o.store.documentByEdxmlId(key, agency, issuer);
    // Without an explicit OrganId, a document forwarded under its first issuer's DocumentId is
    // still answerable.
    if (!found && key !== '' && r.organId === '' && issuer !== '') found = this.o.store.documentByEdxmlId(key, agency);
    if (found) return found;
    const named = r.documentId !== '' ? `DocumentId ${r.documentId}` : `${key} (OrganId, PromulgationDate and Code)`;
    const by = issuer ? ` issued by ${issuer}` : '';
    throw new LienthongError('NOT_FOUND', `edXML/edXMLEnvelope/edXMLHeader/Status/ResponseFor: no document ${named}${by} was sent or received by ${agency} on this node`);
  }

  /** The message as an edXML package, in chunks. */
  export(agency: string, messageId: string): AsyncGenerator<Buffer> {
    const stored = this.readable(agency, messageId);
    const m = stored.message;
    if (m.kind === 'status') {
      const about = m.status ? this.o.store.message(m.status.refMessageId)?.message ?? null : null;
      return exportEdxml(statusPackage(m, stored.trace, about), () => emptyFile());
    }
    // Checked before the first byte: a package without its body or a file would pass for complete.
    if (bodyReleased(m)) {
      throw new LienthongError('NOT_FOUND', `the body of document ${messageId} is no longer held on node ${this.o.relay.self}: a node keeps a document's body only until its recipients here acknowledge it (the agency's own copy is the record); export a document before acknowledging it`);
    }
    for (const a of m.attachments) if (!this.o.files.has(a.sha256)) throw fileGone(a.sha256);
    const files = new Map(exportedAttachments(m).map((a) => [a.sha256, a] as const));
    return exportEdxml(documentPackage(m, stored.trace), (ref: AttachmentRef) => {
      if (!files.has(ref.sha256)) throw new LienthongError('NOT_FOUND', `file ${ref.sha256} is not part of message ${messageId}`);
      return ref.sha256 === m.bodySha256 && m.body.length > 0 ? bodyOf(m) : this.chunks(ref.sha256, 0);
    });
  }

  /** One attachment of the message, from `offset`. */
  async *fetch(agency: string, messageId: string, sha256: string, offset: number): AsyncGenerator<{ offset: number; data: Buffer }> {
    const m = this.readable(agency, messageId).message;
    // Checked as message ids are: missing or malformed is the caller's mistake, either case is taken.
    if (sha256 === '') throw new LienthongError('INVALID_ARGUMENT', 'sha256 is missing: give the SHA-256 of one of the message\'s attachments (InboxItem.attachments[].sha256)');
    sha256 = sha256.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new LienthongError('INVALID_ARGUMENT', `sha256 ${quoted(sha256)} is not a SHA-256 (64 hexadecimal digits): give one of the message's attachments (InboxItem.attachments[].sha256)`);
    const ref = m.attachments.find((a) => a.sha256 === sha256);
    if (!ref) throw new LienthongError('NOT_FOUND', `message ${messageId} has no attachment with SHA-256 ${sha256}`);
    if (offset > ref.size) throw new LienthongError('INVALID_ARGUMENT', `offset ${offset} is past the end of the ${ref.size}-byte file`);
    let at = offset;
    for await (const data of this.chunks(sha256, offset)) {
      yield { offset: at, data };
      at += data.length;
    }
  }

  private async *chunks(sha256: string, offset: number): AsyncGenerator<Buffer> {
    if (!this.o.files.has(sha256)) throw fileGone(sha256);
    const reader = await this.o.files.openReader(sha256);
    try {
      for (let at = offset; at < reader.size; ) {
        const data = await reader.read(at, Math.min(CHUNK, reader.size - at));
        at += data.length;
        yield data;
      }
    } finally {
      await reader.close();
    }
  }

  /** The message, if `agency` sent it or it was delivered to `agency` here. */
  private readable(agency: string, messageId: string): StoredMessage {
    messageId = checkMessageId(messageId, 'message_id');
    const stored = this.o.store.message(messageId);
    const self = this.o.relay.self;
    if (!stored) throw unknownMessage(messageId, self);
    const m = stored.message;
    if (m.from === agency) return stored;
    if (!m.to.includes(agency)) throw foreignMessage(messageId, self, agency);
    const mine = this.o.store.recipients(messageId).find((r) => r.recipient === agency);
    if (!mine || (mine.state !== 'inbox' && mine.state !== 'acknowledged')) {
      throw new LienthongError('NOT_AUTHORIZED', `message ${messageId} has not been delivered to ${agency} on this node yet`);
    }
    return stored;
  }
}

function fileGone(sha256: string): LienthongError {
  return new LienthongError('NOT_FOUND', `file ${sha256} is no longer held on this node: a file goes limits.attachmentRetention after no message here needs it (here, after its agency acknowledged the document), or sooner when the disk runs short; ask the sender for the document again`);
}

/**
 * Declared files the parser could not match when their bytes began (an Attachment whose ContentId
 * comes after its ContentTransferEncoded): they were stored as ordinary uploads, without
 * cut-through, and must now match the package's attachment of that ContentId.
 */
function checkLateDeclarations(unused: DeclaredFile[], attachments: readonly AttachmentRef[]): void {
  const missing: string[] = [];
  for (const f of unused) {
    const a = attachments.find((x) => contentIdKey(x.contentId) === contentIdKey(f.contentId));
    if (!a) missing.push(f.contentId);
    else if (a.sha256 !== f.sha256 || a.size !== f.size) {
      throw new LienthongError(
        'ATTACHMENT_CORRUPT',
        `edXML attachment ${f.contentId}: the decoded file has ${a.size} bytes with SHA-256 ${a.sha256}, but SendEdxmlOptions declared ${f.size} bytes with SHA-256 ${f.sha256}: declare the file as it is in the package (or declare nothing)`,
      );
    }
  }
  if (missing.length > 0) {
    throw new LienthongError('INVALID_ARGUMENT', `SendEdxmlOptions.files declares ${missing.join(', ')}, but the package has no Attachment with that ContentId: declare only the package's own attachments`);
  }
}

/** The declared files by ContentId key, checked: hex SHA-256s, no ContentId twice, within the size limit. */
function declaredFiles(files: DeclaredFile[], maxBytes: number): Map<string, DeclaredFile> {
  const byKey = new Map<string, DeclaredFile>();
  let total = 0;
  files.forEach((f, i) => {
    const at = `SendEdxmlOptions.files[${i}]`;
    const key = contentIdKey(f.contentId);
    if (key === '') throw new LienthongError('INVALID_ARGUMENT', `${at}.content_id is empty: give the ContentId of the Attachment it declares`);
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new LienthongError('INVALID_ARGUMENT', `${at}.sha256 "${f.sha256}" is not a lowercase hex SHA-256`);
    if (!Number.isSafeInteger(f.size) || f.size < 0) throw new LienthongError('INVALID_ARGUMENT', `${at}.size ${f.size} is not a byte count`);
    if (byKey.has(key)) throw new LienthongError('INVALID_ARGUMENT', `${at} declares ContentId ${f.contentId} a second time`);
    total += f.size;
    byKey.set(key, f);
  });
  if (total > maxBytes) {
    throw new LienthongError(
      'DOCUMENT_TOO_LARGE',
      `the attached files (send --attach, or SendEdxmlOptions.files) come to ${total} bytes, this node accepts at most ${maxBytes} per document (limits.maxDocumentBytes): send fewer or smaller files per document, or ask the operator to raise limits.maxDocumentBytes on every node on the way`,
    );
  }
  return byKey;
}

async function* bodyOf(m: Message): AsyncGenerator<Buffer> {
  for (let at = 0; at < m.body.length; at += CHUNK) yield m.body.subarray(at, at + CHUNK);
}

async function* emptyFile(): AsyncGenerator<Buffer> {
  /* a status package has no files */
}
