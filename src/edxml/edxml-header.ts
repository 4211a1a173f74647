/**
 * Reads edXMLHeader from the tree: a document's MessageHeader, TraceHeaderList and Bussiness, or a
 * status package's Status. Every value comes out NFC and trimmed, every rule broken is refused with
 * the element's path (edxml-rules).
 */
import { isValidCode, normalizeCode } from '../domain/agency-code.js';
import { emptyBusiness, emptyStaffInfo } from './edxml-document.js';
import {
  LIMITS,
  STATUS_CODES,
  agencyCode,
  agencyCodeAt,
  code as documentCode,
  date,
  fail,
  limited,
  timestamp,
  wholeNumber,
} from './edxml-rules.js';
import { vietnamDate } from './edxml-time.js';
import type { XmlNode } from './edxml-tree.js';
import type {
  Business,
  MessageHeader,
  Organization,
  ReplacementInfo,
  ResponseFor,
  StaffInfo,
  StatusPackage,
  TraceHeader,
} from './edxml-types.js';

const MAX_NUMBER = 999_999_999;

export interface DocumentHead {
  header: MessageHeader;
  traceHeaders: TraceHeader[];
  business: Business;
}

function readOrganization(node: XmlNode): Organization {
  return {
    organId: agencyCode(node, 'OrganId', true),
    organizationInCharge: node.str('OrganizationInCharge'),
    organName: limited(node, 'OrganName', LIMITS.organName),
    organAdd: node.str('OrganAdd'),
    email: node.str('Email'),
    telephone: node.str('Telephone'),
    fax: node.str('Fax'),
    website: node.str('Website'),
  };
}

function readResponseFor(node: XmlNode): ResponseFor {
  return {
    organId: agencyCode(node, 'OrganId', false),
    code: node.str('Code'),
    promulgationDate: date(node, 'PromulgationDate'),
    documentId: node.str('DocumentId'),
  };
}

function readStaffInfo(node: XmlNode | undefined): StaffInfo {
  if (!node) return emptyStaffInfo();
  return { department: node.str('Department'), staff: node.str('Staff'), mobile: node.str('Mobile'), email: node.str('Email') };
}

/** The values of every `name` child of `parent`'s `list` child, e.g. ToPlaces/Place. */
function valuesOf(parent: XmlNode, list: string, name: string): string[] {
  return (parent.child(list)?.all(name) ?? []).map((n) => n.value());
}

function readRecipients(mh: XmlNode): Organization[] {
  const nodes = mh.all('To');
  if (nodes.length === 0) fail(mh.pathOf('To'), 'is required (at least one recipient)');
  const seen = new Map<string, string>();
  return nodes.map((node) => {
    const org = readOrganization(node);
    const first = seen.get(org.organId);
    if (first) fail(node.pathOf('OrganId'), `duplicate recipient ${org.organId} (already in ${first})`);
    seen.set(org.organId, node.path.slice(node.path.lastIndexOf('/') + 1));
    return org;
  });
}

function readMessageHeader(mh: XmlNode, nowMs: number): MessageHeader {
  const fromNode = mh.child('From');
  if (!fromNode) fail(mh.pathOf('From'), 'is required (the sending agency)');
  const from = readOrganization(fromNode);
  const to = readRecipients(mh);

  const codeNode = mh.child('Code');
  const promulgation = mh.child('PromulgationInfo');
  const promulgationDate = promulgation ? date(promulgation, 'PromulgationDate') : '';
  const today = vietnamDate(nowMs);
  if (promulgationDate > today) {
    fail(promulgation!.pathOf('PromulgationDate'), `${promulgationDate} is in the future (today is ${today} in Vietnam)`);
  }
  const dueDate = date(mh, 'DueDate');
  if (dueDate !== '' && promulgationDate !== '' && dueDate < promulgationDate) {
    fail(mh.pathOf('DueDate'), `${dueDate} is before PromulgationDate ${promulgationDate}: a document cannot be due before it is issued`);
  }
  const subject = limited(mh, 'Subject', LIMITS.subject);
  if (subject.trim() === '') fail(mh.pathOf('Subject'), 'is required (the subject, trích yếu, of the document)');
  const type = mh.child('DocumentType');
  const signer = mh.child('SignerInfo');
  const other = mh.child('OtherInfo');
  return {
    from,
    to,
    documentId: mh.str('DocumentId'),
    codeNumber: codeNode ? documentCode(codeNode, 'CodeNumber', LIMITS.codeNumber) : '',
    codeNotation: codeNode ? documentCode(codeNode, 'CodeNotation', LIMITS.codeNotation) : '',
    promulgationPlace: promulgation?.str('Place') ?? '',
    promulgationDate,
    documentType: {
      type: type ? wholeNumber(type, 'Type', 0, MAX_NUMBER) : 0,
      typeDetail: type ? wholeNumber(type, 'TypeDetail', 0, MAX_NUMBER) : 0,
      typeName: type?.str('TypeName') ?? '',
    },
    subject,
    content: mh.str('Content'),
    signerInfo: {
      competence: signer?.str('Competence') ?? '',
      position: signer?.str('Position') ?? '',
      fullName: signer?.str('FullName') ?? '',
    },
    dueDate,
    toPlaces: valuesOf(mh, 'ToPlaces', 'Place'),
    otherInfo: {
      priority: other ? wholeNumber(other, 'Priority', 0, 4) : 0,
      sphereOfPromulgation: other?.str('SphereOfPromulgation') ?? '',
      typerNotation: other?.str('TyperNotation') ?? '',
      promulgationAmount: other ? wholeNumber(other, 'PromulgationAmount', 0, MAX_NUMBER) : 0,
      pageAmount: other ? wholeNumber(other, 'PageAmount', 0, MAX_NUMBER) : 0,
      appendixes: other ? valuesOf(other, 'Appendixes', 'Appendix') : [],
    },
    steeringType: wholeNumber(mh, 'SteeringType', 0, MAX_NUMBER),
    responseFor: mh.all('ResponseFor').map(readResponseFor),
  };
}

function readTraceHeaders(list: XmlNode | undefined): TraceHeader[] {
  return (list?.all('TraceHeader') ?? []).map((node) => ({
    organId: agencyCode(node, 'OrganId', true),
    timestampMs: timestamp(node, 'Timestamp'),
  }));
}

function readReplacementInfo(node: XmlNode): ReplacementInfo {
  const documentId = node.str('DocumentId');
  if (documentId === '') fail(node.pathOf('DocumentId'), 'is required (the id of the replaced document)');
  const organIds = (node.child('OrganIdList')?.all('OrganId') ?? []).map((n) => agencyCodeAt(n.path, n.value(), true));
  return { documentId, organIds };
}

/** Bussiness (or Business), with the spelling kept; an absent element reads as a new document. */
function readBusiness(node: XmlNode | undefined): Business {
  if (!node) return emptyBusiness();
  // Children in either spelling, whichever the element itself used; both spellings at once are
  // refused (XmlNode.child), never read as whichever comes first.
  const nameOf = (suffix: string): string => node.child(`Bussiness${suffix}`, `Business${suffix}`)?.name ?? `${node.name}${suffix}`;
  return {
    docType: wholeNumber(node, nameOf('DocType'), 0, 3) as Business['docType'],
    docReason: node.str(nameOf('DocReason')),
    paper: wholeNumber(node, 'Paper', 0, MAX_NUMBER),
    staffInfo: readStaffInfo(node.child('StaffInfo')),
    replacementInfoList: (node.child('ReplacementInfoList')?.all('ReplacementInfo') ?? []).map(readReplacementInfo),
    spelling: node.name === 'Business' ? 'Business' : 'Bussiness',
  };
}

/** The agency that issued a document, from its DocumentId (`OrganId,yyyy/MM/dd,Number/Notation`); null when the id does not say. */
export function issuerOf(documentId: string): string | null {
  const first = documentId.split(',')[0]!.trim();
  return documentId.includes(',') && isValidCode(first) ? normalizeCode(first) : null;
}

/** A revoke, update or replace names only documents its own sender issued. */
function checkOwnDocuments(head: DocumentHead, mh: XmlNode, businessNode: XmlNode | undefined): void {
  const { business, header } = head;
  if (business.docType === 0) return;
  const own = header.from.organId;
  const what = ({ 1: 'revoke (BussinessDocType 1)', 2: 'update (BussinessDocType 2)', 3: 'replace (BussinessDocType 3)' } as const)[business.docType];
  const rule = `a ${what} may only name a document its sender ${own} issued`;
  /** The issuer named by `documentId` must be the sender; false when the id does not name one. */
  const checkId = (node: XmlNode, documentId: string): boolean => {
    const issuer = issuerOf(documentId);
    if (issuer && issuer !== own) fail(node.pathOf('DocumentId'), `${documentId} was issued by ${issuer}: ${rule}`);
    return issuer !== null;
  };
  const unknown = `cannot tell who issued the document it names: ${rule}, so give its OrganId or a DocumentId of the form OrganId,yyyy/MM/dd,Number/Notation`;
  if (business.docType !== 3) {
    mh.all('ResponseFor').forEach((node, i) => {
      const r = header.responseFor[i]!;
      if (r.organId !== '' && r.organId !== own) fail(node.pathOf('OrganId'), `is ${r.organId}: ${rule}`);
      if (!checkId(node, r.documentId) && r.organId === '') fail(node.path, unknown);
    });
  }
  const replaced = businessNode?.child('ReplacementInfoList')?.all('ReplacementInfo') ?? [];
  replaced.forEach((node, i) => {
    if (!checkId(node, business.replacementInfoList[i]!.documentId)) fail(node.pathOf('DocumentId'), unknown);
  });
}

/** What a revoke, update or replace must name: the earlier document. */
function checkBusiness(head: DocumentHead, mh: XmlNode, businessNode: XmlNode | undefined): void {
  checkOwnDocuments(head, mh, businessNode);
  const { business, header } = head;
  const path = businessNode?.path ?? '';
  if (business.docType === 3 && business.replacementInfoList.length === 0) {
    fail(`${path}/ReplacementInfoList`, 'is required when BussinessDocType is 3 (replace): list the documents this one replaces');
  }
  if (business.docType === 1 || business.docType === 2) {
    const named =
      header.responseFor.some((r) => r.documentId !== '' || r.code !== '') ||
      business.replacementInfoList.some((r) => r.documentId !== '');
    if (!named) {
      const what = business.docType === 1 ? '1 (revoke)' : '2 (update)';
      const rule = `is required when BussinessDocType is ${what}`;
      fail(mh.pathOf('ResponseFor'), `${rule}: name the earlier document (ResponseFor/DocumentId or ReplacementInfoList)`);
    }
  }
}

export function readDocumentHead(edXMLHeader: XmlNode, mh: XmlNode, nowMs: number): DocumentHead {
  const header = readMessageHeader(mh, nowMs);
  const traceList = edXMLHeader.child('TraceHeaderList');
  const inList = traceList?.child('Bussiness', 'Business');
  const inHeader = edXMLHeader.child('Bussiness', 'Business');
  if (inList && inHeader) fail(inHeader.path, `appears twice (also in TraceHeaderList) where it may appear once: which one is meant is ambiguous; keep one`);
  const businessNode = inList ?? inHeader;
  const head = { header, traceHeaders: readTraceHeaders(traceList), business: readBusiness(businessNode) };
  checkBusiness(head, mh, businessNode);
  return head;
}

export function readStatus(edXMLHeader: XmlNode, status: XmlNode): StatusPackage {
  const responseForNode = status.child('ResponseFor');
  if (!responseForNode) fail(status.pathOf('ResponseFor'), 'is required (the document this status is about)');
  const responseFor = readResponseFor(responseForNode);
  if (responseFor.documentId === '' && responseFor.code === '') {
    const rule = 'is required (the document this status is about: OrganId,yyyy/MM/dd,Number/Notation)';
    fail(responseForNode.pathOf('DocumentId'), rule);
  }
  const fromNode = status.child('From');
  if (!fromNode) fail(status.pathOf('From'), 'is required (the agency reporting the status)');
  const raw = status.str('StatusCode');
  if (raw === '') fail(status.pathOf('StatusCode'), 'is required (01–06, 13, 15 or 16)');
  const statusCode = /^\d$/.test(raw) ? `0${raw}` : raw;
  if (!STATUS_CODES.includes(statusCode)) fail(status.pathOf('StatusCode'), `"${raw}" is not one of 01–06, 13, 15, 16`);
  return {
    kind: 'status',
    responseFor,
    from: readOrganization(fromNode),
    staffInfo: readStaffInfo(status.child('StaffInfo')),
    statusCode,
    description: status.str('Description'),
    timestampMs: timestamp(status, 'Timestamp'),
    traceHeaders: readTraceHeaders(edXMLHeader.child('TraceHeaderList')),
  };
}
