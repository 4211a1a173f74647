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

/** The package's bytes, each file read from disk as it is encoded (checked against its SHA-256 again). */
export function attachedPackageBytes(d: AttachedDocument): AsyncGenerator<Buffer> {
  const byId = new Map(d.files.map((f) => [f.contentId, f]));
  return exportEdxml(attachedPackage(d), (ref) => createReadStream(byId.get(ref.contentId)!.path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>);
}
