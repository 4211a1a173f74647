/**
 * Turns the XML parser's events (sax, strict, with namespaces) into an edXML package: small elements
 * go into a tree, the header read as soon as edXMLHeader closes (so the node can check the sender
 * and pass declared files on while the rest arrives, wherever the package puts its attachments) and
 * the manifest when the envelope closes; attachment text streams through an AttachmentStream
 * to the sink. Elements are matched by local name in the edXML namespace (or none); the Signature and
 * elements of other namespaces are skipped, unknown elements are kept but not read.
 */
import sax from 'sax';
import type { QualifiedTag, SAXParser } from 'sax';
import { LienthongError } from '../domain/errors.js';
import { AttachmentStream } from './edxml-attachment-stream.js';
import { lineBreaks } from './edxml-base64.js';
import { readDocumentHead, readStatus, type DocumentHead } from './edxml-header.js';
import { bareContentId, contentIdKey, readManifest, type ManifestEntry } from './edxml-manifest.js';
import { LIMITS, checkEncoding, edxmlError, fail, fileName } from './edxml-rules.js';
import { XmlNode } from './edxml-tree.js';
import {
  EDXML_NAMESPACE,
  type AttachmentRef,
  type AttachmentSink,
  type AttachmentWriter,
  type EdxmlPackage,
  type StatusPackage,
} from './edxml-types.js';

export interface ParseOptions {
  /** The clock (ms since the epoch): a PromulgationDate after today is refused. */
  now: () => number;
  /** Refuse the package (DOCUMENT_TOO_LARGE) once its bytes pass this. */
  maxBytes?: number;
  /** Refuse the package (DOCUMENT_TOO_LARGE) once its decoded attachments pass this (default: maxBytes). */
  maxDecodedBytes?: number;
}

/** Bounds on the small elements kept in memory. */
const MAX_ELEMENT_TEXT = 1024 * 1024;
const MAX_KEPT_TEXT = 16 * 1024 * 1024;
const MAX_ELEMENTS = 100_000;
/** Elements of edXMLEnvelope that a package may not hold anywhere else. */
const ENVELOPE_PARTS = new Set(['edXMLHeader', 'edXMLBody', 'MessageHeader', 'Status', 'TraceHeaderList', 'edXMLManifest']);
/** A line end written CRLF or CR (XML reads both as LF). */
const CR_LINE_END = /\r\n?/g;

type Frame =
  | { kind: 'root' | 'attachments'; node: XmlNode }
  /** A small element kept in the tree. */
  | { kind: 'kept'; node: XmlNode }
  /** Signature, elements of other namespaces, unknown elements outside the envelope. */
  | { kind: 'skipped' }
  | { kind: 'attachment'; node: XmlNode; att: Attachment }
  | { kind: 'content'; node: XmlNode; att: Attachment };

interface Attachment {
  node: XmlNode;
  stream: AttachmentStream | null;
}

interface AttachmentInfo {
  contentId: string;
  attachmentName: string;
  contentType: string;
}

export class PackageReader {
  private readonly parser: SAXParser;
  private readonly stack: Frame[] = [];
  private rootSeen = false;
  private rootClosed = false;
  /** The namespace of an edXMLEnvelope skipped for being in another one (for the error when none is ours). */
  private foreignEnvelope: string | undefined;
  private elements = 0;
  private keptText = 0;
  private decoded = 0;
  /** Known once edXMLHeader has closed: what it holds. */
  private document: DocumentHead | null = null;
  private headerRead = false;
  private status: StatusPackage | null = null;
  /** Known once the envelope has closed. */
  private manifest: ManifestEntry[] | null = null;
  private readonly attachments: Attachment[] = [];
  private readonly writers: AttachmentWriter[] = [];
  /** The last piece of text ended with a CR, not yet passed to the XML parser. */
  private pendingCr = false;
  /** Whether any text was fed yet, and whether it began with a byte order mark. */
  private begun = false;
  private bom = false;

  constructor(
    private readonly sink: AttachmentSink,
    private readonly opts: ParseOptions,
  ) {
    const p = sax.parser(true, { xmlns: true, position: true, strictEntities: true });
    p.onerror = (err) => this.onError(err);
    p.onopentag = (tag) => this.onOpen(tag);
    p.onclosetag = () => this.onClose();
    p.ontext = (text) => this.onText(text);
    p.oncdata = (text) => this.onText(text);
    p.onprocessinginstruction = (pi) => {
      if (pi.name.toLowerCase() !== 'xml') return;
      // XML 1.0 §2.8: the declaration comes first; only a byte order mark may precede it.
      const at = p.startTagPosition - (this.bom ? 1 : 0);
      if (at !== 1) fail('edXML', `has an XML declaration (<?xml …?>) at character ${p.startTagPosition}, but it may only be the package's very first characters: remove what comes before it`);
      const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(pi.body)?.[1];
      if (encoding) checkEncoding(encoding);
    };
    p.ondoctype = () => fail('edXML', 'has a DOCTYPE, which an edXML package may not carry');
    this.parser = p;
  }

  checkSize(bytes: number, what: string): void {
    const max = this.opts.maxBytes;
    if (max !== undefined && bytes > max) {
      throw new LienthongError(
        'DOCUMENT_TOO_LARGE',
        `edXML: ${what} exceed ${max} bytes, the most a package may hold on this node (limits.maxDocumentBytes written as base64, plus 4 MiB of XML): send the large files separately or raise limits.maxDocumentBytes`,
      );
    }
  }

  /** Counts decoded attachment bytes against maxDecodedBytes. */
  private addDecoded(bytes: number): void {
    this.decoded += bytes;
    const max = this.opts.maxDecodedBytes;
    if (max === undefined) return this.checkSize(this.decoded, 'the decoded attachments');
    if (this.decoded > max) {
      throw new LienthongError(
        'DOCUMENT_TOO_LARGE',
        `edXML: the decoded attachments exceed ${max} bytes, the most a document may hold on this node (limits.maxDocumentBytes): send the large files separately or raise limits.maxDocumentBytes`,
      );
    }
  }

  feed(text: string): void {
    if (!this.begun && text.length > 0) {
      this.begun = true;
      this.bom = text.charCodeAt(0) === 0xfeff;
    }
    // XML 1.0 §2.11: CRLF and a lone CR are read as LF (a character reference &#13; stays a CR). A
    // CR ending this piece waits: it may be the first half of a CRLF.
    let t = this.pendingCr ? `\r${text}` : text;
    this.pendingCr = t.endsWith('\r');
    if (this.pendingCr) t = t.slice(0, -1);
    if (t.includes('\r')) t = t.replace(CR_LINE_END, '\n');
    if (t.length > 0) this.parser.write(t);
  }

  /**
   * The parser stands inside an attachment's ContentTransferEncoded with no text pending: the bytes
   * up to the next "<" may go to `attachmentText` instead of through the XML parser.
   */
  get inAttachmentText(): boolean {
    const p = this.parser;
    return this.top()?.kind === 'content' && p.state === sax.STATE.TEXT && p.textNode === '' && !this.pendingCr;
  }

  /** Attachment text (bytes without "<") decoded past the XML parser, whose position follows it. */
  attachmentText(bytes: Buffer): void {
    const frame = this.top();
    if (frame?.kind !== 'content') throw new LienthongError('INTERNAL', 'attachment text outside an attachment');
    const breaks = lineBreaks(bytes);
    this.addDecoded(frame.att.stream!.pushBytes(bytes, breaks.lf + breaks.cr));
    const p = this.parser;
    p.position += bytes.length;
    if (breaks.lastLf >= 0) {
      p.line += breaks.lf;
      p.column = bytes.length - 1 - breaks.lastLf;
    } else {
      p.column += bytes.length;
    }
  }

  close(): void {
    if (!this.rootSeen) fail('edXML', 'is not XML: the package holds no element');
    if (this.pendingCr) this.parser.write('\n');
    this.pendingCr = false;
    this.parser.close();
  }

  /** Runs the attachment writes queued by the last piece of input. */
  async drain(): Promise<void> {
    for (const att of this.attachments) await att.stream?.drain();
  }

  async abortAll(): Promise<void> {
    for (const writer of this.writers) {
      try {
        await writer.abort();
      } catch {
        // The package has failed already: that error is the one to report.
      }
    }
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private currentPath(): string {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i]!;
      if (f.kind !== 'skipped') return f.node.path;
    }
    return 'edXML';
  }

  private onError(err: Error): never {
    const reason = err.message.split('\n')[0]!.replace(/\.$/, '');
    const at = `line:column ${this.parser.line + 1}:${this.parser.column}`;
    if (!this.rootSeen) fail('edXML', `is not XML (${reason} at ${at})`);
    const tooLong = /^Max buffer length exceeded: (\w+)/.exec(reason);
    if (tooLong) {
      // sax streams text in pieces but refuses to hold a longer comment, name or attribute.
      fail(this.currentPath(), `holds a ${tooLong[1]} longer than ${sax.MAX_BUFFER_LENGTH} characters at ${at}`);
    }
    if (reason === 'Invalid character entity') {
      // An HTML entity (&nbsp;, &ndash;...) or a character reference to a character XML cannot hold.
      const rule = 'XML has only &lt; &gt; &amp; &quot; &apos; and references to characters it allows, such as &#160;';
      fail(this.currentPath(), `not well-formed XML at ${at}: &${this.parser.entity}; is not an XML entity (${rule})`);
    }
    fail(this.currentPath(), `not well-formed XML at ${at} (${reason})`);
  }

  private onOpen(tag: QualifiedTag): void {
    if (++this.elements > MAX_ELEMENTS) fail(this.currentPath(), `the package has more than ${MAX_ELEMENTS} elements`);
    if (!this.rootSeen) {
      this.openRoot(tag);
      return;
    }
    const parent = this.top();
    if (!parent) fail('edXML', `a second root element <${tag.name}> follows </edXML>: not well-formed XML`);
    const ours = tag.uri === EDXML_NAMESPACE || tag.uri === '';
    const name = tag.local;
    // A namespace that is almost ours (another year of QCVN 102, a trailing slash) is a vendor's
    // mistake, not an extension: skipping it would silently empty the fields it holds.
    if (!ours && parent.kind === 'kept' && /mic\.gov\.vn\/TBT\/QCVN_102/i.test(tag.uri)) {
      fail(parent.node.pathOf(name), `is in namespace "${tag.uri}", expected "${EDXML_NAMESPACE}"`);
    }
    // The package's own parts in another namespace would be skipped as a vendor's, and the
    // package then refused for lacking them: say where they are instead.
    if (!ours && parent.kind === 'root' && name === 'edXMLEnvelope') this.foreignEnvelope ??= tag.uri;
    if (parent.kind === 'skipped' || !ours || name === 'Signature') {
      if (parent.kind === 'content') this.contentHasElement(parent.node, tag);
      if (parent.kind === 'kept') parent.node.elementsSkipped = true;
      this.stack.push({ kind: 'skipped' });
      return;
    }
    switch (parent.kind) {
      case 'root':
        if (name === 'edXMLEnvelope') {
          if (parent.node.child(name)) fail(parent.node.pathOf(name), 'appears twice');
          this.stack.push({ kind: 'kept', node: parent.node.add(name) });
        } else if (name === 'AttachmentEncoded') {
          this.stack.push({ kind: 'attachments', node: parent.node.add(name) });
        } else if (ENVELOPE_PARTS.has(name)) {
          // Skipping it would silently drop its header or manifest (the package read as if without).
          fail(parent.node.pathOf(name), 'is part of the envelope: put it inside edXMLEnvelope');
        } else {
          this.stack.push({ kind: 'skipped' });
        }
        return;
      case 'kept':
        if (name === 'AttachmentEncoded') this.stack.push({ kind: 'attachments', node: parent.node.add(name) });
        else this.stack.push({ kind: 'kept', node: parent.node.add(name) });
        return;
      case 'attachments':
        if (name === 'Attachment') {
          const att: Attachment = { node: parent.node.add(name), stream: null };
          this.attachments.push(att);
          this.stack.push({ kind: 'attachment', node: att.node, att });
        } else {
          this.stack.push({ kind: 'skipped' });
        }
        return;
      case 'attachment': {
        const node = parent.node.add(name);
        if (name === 'ContentTransferEncoded') {
          this.beginAttachment(parent.att, node);
          this.stack.push({ kind: 'content', node, att: parent.att });
        } else {
          this.stack.push({ kind: 'kept', node });
        }
        return;
      }
      case 'content':
        this.contentHasElement(parent.node, tag);
    }
  }

  private openRoot(tag: QualifiedTag): void {
    if (tag.local === 'edXMLEnvelope') {
      // Some vendors' builders write the envelope as the root; QCVN 102's SDK samples wrap it.
      fail('edXML', `is missing: the root element is <${tag.name}>, expected <edXML xmlns="${EDXML_NAMESPACE}"> holding it (then edXMLEnvelope { edXMLHeader, edXMLBody } and AttachmentEncoded after it): wrap the envelope in <edXML>`);
    }
    if (tag.local !== 'edXML') fail('edXML', `is missing: the root element is <${tag.name}>, expected <edXML>`);
    if (tag.uri === '') fail('edXML', `has no namespace: declare xmlns="${EDXML_NAMESPACE}" (QCVN 102:2016)`);
    if (tag.uri !== EDXML_NAMESPACE) {
      fail('edXML', `is in namespace "${tag.uri}", expected "${EDXML_NAMESPACE}"`);
    }
    this.rootSeen = true;
    this.stack.push({ kind: 'root', node: new XmlNode('edXML', 'edXML') });
  }

  private contentHasElement(node: XmlNode, tag: QualifiedTag): never {
    fail(node.path, `holds an element <${tag.name}>; it may hold only base64 text`);
  }

  private onText(text: string): void {
    const frame = this.top();
    if (!frame) return;
    if (frame.kind === 'kept') {
      this.keptText += text.length;
      frame.node.text += text;
      if (frame.node.text.length > MAX_ELEMENT_TEXT) fail(frame.node.path, `is longer than ${MAX_ELEMENT_TEXT} characters`);
      if (this.keptText > MAX_KEPT_TEXT) {
        fail(frame.node.path, `the elements outside attachments hold more than ${MAX_KEPT_TEXT} characters`);
      }
    } else if (frame.kind === 'content') {
      this.addDecoded(frame.att.stream!.push(text));
    }
  }

  private onClose(): void {
    const frame = this.stack.pop()!;
    switch (frame.kind) {
      case 'root':
        this.rootClosed = true;
        return;
      case 'kept':
        if (frame.node.name === 'edXMLEnvelope' && this.stack.length === 1) this.readEnvelope(frame.node);
        else if (frame.node.name === 'edXMLHeader' && this.stack.length === 2) this.readHeader(frame.node);
        return;
      case 'content':
        frame.att.stream!.end();
        return;
      case 'attachment':
        if (!frame.att.stream) fail(frame.node.pathOf('ContentTransferEncoded'), 'is required (the file, base64-encoded)');
        if (this.manifest) this.referenceOf(frame.att);
        return;
      default:
    }
  }

  /**
   * The envelope's edXMLHeader, read when it closes: an error in it is reported before the rest of
   * the package is uploaded, and the sink hears the sender and recipients (declared files then go on
   * to the next hops while the package arrives), even when the attachments sit inside the envelope.
   */
  private readHeader(header: XmlNode): void {
    if (this.headerRead) fail(header.path, 'appears twice');
    this.headerRead = true;
    const mh = header.child('MessageHeader');
    const status = header.child('Status');
    if (mh && status) fail(header.path, 'holds both MessageHeader and Status: a package is a document or a status, not both');
    if (!mh && !status) fail(header.path, 'holds neither MessageHeader (a document) nor Status (a status message)');
    if (status) {
      this.status = readStatus(header, status);
      this.checkSpelling(header);
      return;
    }
    this.document = readDocumentHead(header, mh!, this.opts.now());
    // Before anything goes on: a misspelt element would be refused when the envelope closes.
    this.checkSpelling(header);
    const h = this.document.header;
    this.sink.header?.({ from: h.from.organId, to: h.to.map((o) => o.organId) });
  }

  private checkSpelling(node: XmlNode): void {
    const misspelt = node.misspelt();
    if (misspelt) fail(misspelt.node.path, `is no element edXML has here: did you mean ${misspelt.meant}? (an element by another name is not read: what it says would be lost)`);
  }

  private readEnvelope(envelope: XmlNode): void {
    const header = envelope.child('edXMLHeader');
    if (!header) fail(envelope.pathOf('edXMLHeader'), 'is required');
    this.manifest = this.document ? readManifest(envelope) : [];
    this.checkSpelling(envelope);
    for (const att of this.attachments) if (att.stream?.result) this.referenceOf(att);
    // The tree has been read: drop it so that only the attachments' small elements stay.
    envelope.children.length = 0;
  }

  /** The attachment's own ContentId, AttachmentName and ContentType elements. */
  private ownInfo(att: Attachment): AttachmentInfo {
    return {
      contentId: bareContentId(att.node.str('ContentId')),
      attachmentName: fileName(att.node, 'AttachmentName', LIMITS.attachmentName),
      contentType: att.node.str('ContentType'),
    };
  }

  /** The manifest entry naming `att` (the manifest must be known); refuses an unlisted or repeated one. */
  private referenceOf(att: Attachment): ManifestEntry {
    if (this.status) fail(att.node.path, 'a status package carries no attachments');
    const own = this.ownInfo(att);
    if (own.contentId === '') fail(att.node.pathOf('ContentId'), 'is required (the cid: of its manifest Reference)');
    const key = contentIdKey(own.contentId);
    const entry = this.manifest!.find((e) => e.key === key);
    if (!entry) fail(att.node.path, `has ContentId ${own.contentId} but no edXMLManifest Reference names it`);
    const first = this.attachments.find((a) => a !== att && contentIdKey(a.node.str('ContentId')) === key);
    if (first) fail(att.node.pathOf('ContentId'), `duplicate ContentId ${own.contentId} (already in ${first.node.path})`);
    if (entry.attachmentName !== '' && own.attachmentName !== '' && entry.attachmentName !== own.attachmentName) {
      fail(att.node.pathOf('AttachmentName'), `"${own.attachmentName}" differs from "${entry.attachmentName}" in ${entry.path}/AttachmentName (ContentId ${own.contentId}): ` +
        'the file would reach the recipient under one name and be lost under the other; give the same name in both, or in one only');
    }
    return entry;
  }

  private beginAttachment(att: Attachment, content: XmlNode): void {
    if (att.stream) fail(content.path, 'appears twice in one Attachment');
    const own = this.ownInfo(att);
    let info = own;
    if (this.manifest && own.contentId !== '') {
      const entry = this.referenceOf(att);
      info = {
        contentId: entry.contentId,
        attachmentName: entry.attachmentName || own.attachmentName,
        contentType: entry.contentType || own.contentType,
      };
    }
    const writer = this.sink.begin(info);
    this.writers.push(writer);
    att.stream = new AttachmentStream(writer, content.path);
  }

  result(): EdxmlPackage {
    if (!this.rootClosed) fail('edXML', 'is not well-formed XML: the package ends before </edXML>');
    if (this.status) {
      if (this.attachments.length > 0) fail(this.attachments[0]!.node.path, 'a status package carries no attachments');
      return this.status;
    }
    if (!this.document) {
      // The package's own envelope in another namespace was skipped as a vendor's: say where it is.
      const elsewhere = this.foreignEnvelope === undefined ? '' : `: the one here is in namespace "${this.foreignEnvelope}", expected "${EDXML_NAMESPACE}" (a default xmlns on it or a parent applies to its children too)`;
      fail('edXML/edXMLEnvelope', `is required${elsewhere}`);
    }
    const byKey = new Map<string, Attachment>();
    for (const att of this.attachments) byKey.set(this.referenceOf(att).key, att);
    const attachments: AttachmentRef[] = this.manifest!.map((entry) => {
      const att = byKey.get(entry.key);
      if (!att) throw edxmlError(entry.path, `refers to ${entry.contentId} but no Attachment has that ContentId`);
      const own = this.ownInfo(att);
      const attachmentName = entry.attachmentName || own.attachmentName;
      if (attachmentName === '') {
        throw edxmlError(`${entry.path}/AttachmentName`, `is required, here or in the Attachment with ContentId ${entry.contentId}: the file's name, which the recipient's software saves it under`);
      }
      return {
        contentId: entry.contentId,
        contentType: entry.contentType || own.contentType,
        description: entry.description,
        attachmentName,
        sha256: att.stream!.result!.sha256,
        size: att.stream!.result!.size,
      };
    });
    return { kind: 'document', ...this.document, attachments };
  }
}
