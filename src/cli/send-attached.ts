/**
 * `lienthong send --attach FILE`: a document whose files travel as attachments, not inline. The
 * CLI writes the edXML package an agency's software would (its header from --from, --to, --subject
 * and the other fields; each file base64-encoded as it is read) and streams it to the node with
 * SendEdxml, declaring every file's SHA-256 and size first, so the node stores each file once, passes
 * it on while the package still arrives, and no process ever holds a whole file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { documentIdOf, emptyBusiness, emptyOrganization } from '../edxml/edxml-document.js';
import { exportEdxml } from '../edxml/edxml-export.js';
import type { DocumentPackage, MessageHeader } from '../edxml/edxml-types.js';
import { buildDocument } from '../domain/envelope.js';
import { LienthongError } from '../domain/errors.js';
import { fileError } from './file-errors.js';

export interface AttachedFile {
  path: string;
  contentId: string;
  name: string;
  contentType: string;
  sha256: string;
  size: number;
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  xml: 'application/xml',
  txt: 'text/plain',
};

/** A file's MIME type from its extension (application/octet-stream when unknown). */
export function contentTypeOf(name: string): string {
  const ext = /\.([^.]+)$/.exec(name.toLowerCase())?.[1] ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** Reads `path` once for its SHA-256 and size; `option` names it in errors (`--attach x.pdf`). */
export async function describeFile(path: string, n: number, option: string): Promise<AttachedFile> {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw fileError(err, 'read', option);
  }
  const hash = createHash('sha256');
  let read = 0;
  try {
    for await (const data of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      hash.update(data as Buffer);
      read += (data as Buffer).length;
    }
  } catch (err) {
    throw fileError(err, 'read', option);
  }
  if (read !== size) throw fileError(Object.assign(new Error(`${path} changed while it was read (${size} then ${read} bytes)`), { code: 'EIO' }), 'read', option);
  const name = basename(path);
  return { path, contentId: `cid:file-${n}`, name, contentType: contentTypeOf(name), sha256: hash.digest('hex'), size };
}

export interface AttachedDocument {
  from: string;
  to: string[];
  subject: string;
  type: string;
  number: string;
  notation: string;
  priority: number;
  dueDate: string;
  /** Short text of the document (edXML Content). */
  text: string;
  /** Today in Vietnam time, YYYY-MM-DD (the promulgation date). */
  today: string;
  files: AttachedFile[];
}

/** The edXML document package of `d`, as an agency's software writes it. */
export function attachedPackage(d: AttachedDocument): DocumentPackage {
  const org = (organId: string) => ({ ...emptyOrganization(), organId });
  const header: MessageHeader = {
    from: org(d.from),
    to: d.to.map(org),
    documentId: '',
    codeNumber: d.number,
    codeNotation: d.notation,
    promulgationPlace: '',
    promulgationDate: d.today,
    documentType: { type: 0, typeDetail: 0, typeName: d.type },
    subject: d.subject.normalize('NFC'),
    content: d.text.normalize('NFC'),
    signerInfo: { competence: '', position: '', fullName: '' },
    dueDate: d.dueDate,
    toPlaces: [],
    otherInfo: { priority: d.priority, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 0, pageAmount: 0, appendixes: [] },
    steeringType: 0,
    responseFor: [],
  };
  header.documentId = documentIdOf(header);
  return {
    kind: 'document',
    header,
    traceHeaders: [],
    business: emptyBusiness(),
    attachments: d.files.map((f) => ({ contentId: f.contentId, contentType: f.contentType, description: '', attachmentName: f.name, sha256: f.sha256, size: f.size })),
  };
}

/** A file read again as it is sent: it must be what was hashed, or the upload stops saying so. */
async function* unchanged(f: AttachedFile): AsyncGenerator<Buffer> {
  const changed = (how: string) =>
    new LienthongError('INVALID_ARGUMENT', `--attach ${f.path} changed while it was being sent (${how}): nothing was sent; send it again once nothing writes to it`);
  const hash = createHash('sha256');
  let read = 0;
  for await (const data of createReadStream(f.path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    read += data.length;
    if (read > f.size) throw changed(`it grew past the ${f.size} bytes it had`);
    hash.update(data);
    yield data;
  }
  if (read !== f.size) throw changed(`${read} bytes now, ${f.size} before`);
  if (hash.digest('hex') !== f.sha256) throw changed('its bytes differ from those hashed first');
}

/** The package's bytes, each file read from disk as it is encoded. */
export function attachedPackageBytes(d: AttachedDocument): AsyncGenerator<Buffer> {
  const byId = new Map(d.files.map((f) => [f.contentId, f]));
  return exportEdxml(attachedPackage(d), (ref) => unchanged(byId.get(ref.contentId)!));
}

/**
 * The document's fields and file names checked as a plain `send` checks them (buildDocument), so
 * an error names the CLI's option, not an element of the package the CLI writes.
 */
export function checkAttachedFields(d: Omit<AttachedDocument, 'files' | 'today'>, names: readonly string[]): void {
  for (const fileName of names.length > 0 ? names : ['']) {
    try {
      buildDocument(
        { from: d.from, to: d.to, priority: d.priority, document: { subject: d.subject, documentType: d.type, codeNumber: d.number, codeNotation: d.notation, dueDate: d.dueDate, fileName }, body: Buffer.alloc(0) },
        { maxDocumentBytes: Number.MAX_SAFE_INTEGER, expirySeconds: 60 },
        Date.now(),
      );
    } catch (err) {
      if (!(err instanceof LienthongError)) throw err;
      const option = (/^document\.(\w+)/.exec(err.message)?.[1] ?? '');
      const flag = { subject: '--subject', codeNumber: '--number', codeNotation: '--notation', dueDate: '--due-date', documentType: '--type', fileName: `the name of --attach ${fileName}` }[option];
      throw flag ? new LienthongError(err.code, `${flag}: ${err.message.slice(`document.${option}: `.length)}${option === 'fileName' ? ' (rename the file)' : ''}`) : err;
    }
  }
}
