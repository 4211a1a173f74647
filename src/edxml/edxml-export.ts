/**
 * Writes an edXML package (QCVN 102:2016) as a stream of bytes: the envelope in the standard's
 * element order, then each attachment base64-encoded in lines of 76 characters as its bytes arrive
 * from the source, never whole in memory. Each attachment is checked against its SHA-256 and size
 * on the way (ATTACHMENT_CORRUPT when they differ). `parseEdxml(exportEdxml(pkg))` gives `pkg` back.
 */
import { createHash } from 'node:crypto';
import { LienthongError } from '../domain/errors.js';
import { forbiddenXmlCharacter } from '../domain/xml-characters.js';
import { encodeBase64Stream } from './edxml-base64.js';
import { formatEdxmlDate, formatEdxmlTimestamp } from './edxml-time.js';
import {
  EDXML_NAMESPACE,
  type AttachmentRef,
  type AttachmentSource,
  type Business,
  type DocumentPackage,
  type EdxmlPackage,
  type MessageHeader,
  type Organization,
  type ResponseFor,
  type StaffInfo,
  type StatusPackage,
  type TraceHeader,
} from './edxml-types.js';

/** An element: a name and either its text or its child elements. */
type El = [name: string, content: string | number | El[]];

/** Characters XML 1.0 cannot carry: C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates. */
function escapeText(text: string, name: string): string {
  const bad = forbiddenXmlCharacter(text);
  if (bad) {
    throw new LienthongError('INVALID_EDXML', `${name}: holds ${bad}, which XML cannot carry`);
  }
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function render([name, content]: El, indent: string): string {
  if (Array.isArray(content)) {
    if (content.length === 0) return `${indent}<edXML:${name}/>\n`;
    const inner = content.map((c) => render(c, `${indent}  `)).join('');
    return `${indent}<edXML:${name}>\n${inner}${indent}</edXML:${name}>\n`;
  }
  const text = escapeText(String(content), name);
  return text === '' ? `${indent}<edXML:${name}/>\n` : `${indent}<edXML:${name}>${text}</edXML:${name}>\n`;
}

const timestampText = (ms: number): string => (ms === 0 ? '' : formatEdxmlTimestamp(ms));

function organization(name: string, o: Organization): El {
  return [
    name,
    [
      ['OrganId', o.organId],
      ['OrganizationInCharge', o.organizationInCharge],
      ['OrganName', o.organName],
      ['OrganAdd', o.organAdd],
      ['Email', o.email],
      ['Telephone', o.telephone],
      ['Fax', o.fax],
      ['Website', o.website],
    ],
  ];
}

function responseFor(r: ResponseFor): El {
  return [
    'ResponseFor',
    [
      ['OrganId', r.organId],
      ['Code', r.code],
      ['PromulgationDate', formatEdxmlDate(r.promulgationDate)],
      ['DocumentId', r.documentId],
    ],
  ];
}

function staffInfo(s: StaffInfo): El {
  return ['StaffInfo', [['Department', s.department], ['Staff', s.staff], ['Mobile', s.mobile], ['Email', s.email]]];
}

function traceHeader(t: TraceHeader): El {
  return ['TraceHeader', [['OrganId', t.organId], ['Timestamp', timestampText(t.timestampMs)]]];
}

/** MessageHeader in the standard's order (QCVN 102 §1.1–1.14). */
function messageHeader(h: MessageHeader): El {
  return [
    'MessageHeader',
    [
      organization('From', h.from),
      ...h.to.map((o) => organization('To', o)),
      ['Code', [['CodeNumber', h.codeNumber], ['CodeNotation', h.codeNotation]]],
      ['PromulgationInfo', [['Place', h.promulgationPlace], ['PromulgationDate', formatEdxmlDate(h.promulgationDate)]]],
      [
        'DocumentType',
        [['Type', h.documentType.type], ['TypeDetail', h.documentType.typeDetail], ['TypeName', h.documentType.typeName]],
      ],
      ['Subject', h.subject],
      ['Content', h.content],
      [
        'SignerInfo',
        [['Competence', h.signerInfo.competence], ['Position', h.signerInfo.position], ['FullName', h.signerInfo.fullName]],
      ],
      ['DueDate', formatEdxmlDate(h.dueDate)],
      ['ToPlaces', h.toPlaces.map((p): El => ['Place', p])],
      [
        'OtherInfo',
        [
          ['Priority', h.otherInfo.priority],
          ['SphereOfPromulgation', h.otherInfo.sphereOfPromulgation],
          ['TyperNotation', h.otherInfo.typerNotation],
          ['PromulgationAmount', h.otherInfo.promulgationAmount],
          ['PageAmount', h.otherInfo.pageAmount],
          ['Appendixes', h.otherInfo.appendixes.map((a): El => ['Appendix', a])],
        ],
      ],
      ...h.responseFor.map(responseFor),
      ['SteeringType', h.steeringType],
      ['DocumentId', h.documentId],
    ],
  ];
}

/** Bussiness or Business, as the package spelled it. */
function business(b: Business): El {
  const s = b.spelling;
  return [
    s,
    [
      [`${s}DocType`, b.docType],
      [`${s}DocReason`, b.docReason],
      staffInfo(b.staffInfo),
      ['Paper', b.paper],
      [
        'ReplacementInfoList',
        b.replacementInfoList.map((r): El => [
          'ReplacementInfo',
          [['DocumentId', r.documentId], ['OrganIdList', r.organIds.map((id): El => ['OrganId', id])]],
        ]),
      ],
    ],
  ];
}

function reference(a: AttachmentRef): El {
  return [
    'Reference',
    [
      ['ContentId', a.contentId],
      ['ContentType', a.contentType],
      ['Description', a.description],
      ['AttachmentName', a.attachmentName],
    ],
  ];
}

function documentEnvelope(pkg: DocumentPackage): El {
  return [
    'edXMLEnvelope',
    [
      [
        'edXMLHeader',
        [messageHeader(pkg.header), ['TraceHeaderList', [...pkg.traceHeaders.map(traceHeader), business(pkg.business)]]],
      ],
      ['edXMLBody', [['edXMLManifest', pkg.attachments.map(reference)]]],
    ],
  ];
}

function statusEnvelope(pkg: StatusPackage): El {
  const status: El = [
    'Status',
    [
      responseFor(pkg.responseFor),
      organization('From', pkg.from),
      staffInfo(pkg.staffInfo),
      ['StatusCode', pkg.statusCode],
      ['Description', pkg.description],
      ['Timestamp', timestampText(pkg.timestampMs)],
    ],
  ];
  const trace: El[] = pkg.traceHeaders.length > 0 ? [['TraceHeaderList', pkg.traceHeaders.map(traceHeader)]] : [];
  return ['edXMLEnvelope', [['edXMLHeader', [status, ...trace]]]];
}

/** The attachment's bytes from the source, checked against its SHA-256 and size once they end. */
async function* verified(ref: AttachmentRef, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of bytes) {
    hash.update(chunk);
    size += chunk.byteLength;
    yield chunk;
  }
  const sha256 = hash.digest('hex');
  if (ref.sha256 !== '' && (sha256 !== ref.sha256.toLowerCase() || size !== ref.size)) {
    throw new LienthongError(
      'ATTACHMENT_CORRUPT',
      `attachment ${ref.attachmentName} (${ref.contentId}): the stored copy has ${size} bytes with SHA-256 ${sha256}, ` +
        `expected ${ref.size} bytes with ${ref.sha256}: it is damaged; fetch the document again`,
    );
  }
}

export async function* exportEdxml(pkg: EdxmlPackage, source: AttachmentSource): AsyncGenerator<Buffer> {
  const envelope = pkg.kind === 'document' ? documentEnvelope(pkg) : statusEnvelope(pkg);
  yield Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<edXML:edXML xmlns:edXML="${EDXML_NAMESPACE}">\n${render(envelope, '  ')}`,
    'utf8',
  );
  if (pkg.kind === 'document' && pkg.attachments.length > 0) {
    yield Buffer.from('  <edXML:AttachmentEncoded>\n', 'utf8');
    for (const ref of pkg.attachments) {
      const head = [
        ['ContentId', ref.contentId],
        ['AttachmentName', ref.attachmentName],
        ['ContentType', ref.contentType],
      ] satisfies El[];
      yield Buffer.from(
        `    <edXML:Attachment>\n${head.map((e) => render(e, '      ')).join('')}      <edXML:ContentTransferEncoded>\n`,
        'utf8',
      );
      for await (const lines of encodeBase64Stream(verified(ref, source(ref)))) yield Buffer.from(lines, 'latin1');
      yield Buffer.from('      </edXML:ContentTransferEncoded>\n    </edXML:Attachment>\n', 'utf8');
    }
    yield Buffer.from('  </edXML:AttachmentEncoded>\n', 'utf8');
  }
  yield Buffer.from('</edXML:edXML>\n', 'utf8');
}
