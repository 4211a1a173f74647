/** A quyết định's MessageHeader as a district's document software writes it, for network tests. */
import { emptyOrganization } from '../../src/edxml/edxml-document.js';
import type { MessageHeader } from '../../src/edxml/edxml-types.js';

export function decisionHeader(
  from: string,
  to: string[],
  subject: string,
  o: { organName?: string; codeNumber?: string; promulgationDate?: string } = {},
): MessageHeader {
  const codeNumber = o.codeNumber ?? '15';
  const date = o.promulgationDate ?? '2026-11-20';
  return {
    from: { ...emptyOrganization(), organId: from, organName: o.organName ?? 'UBND xã Thạch Hà' },
    to: to.map((organId) => ({ ...emptyOrganization(), organId })),
    documentId: `${from},${date.replaceAll('-', '/')},${codeNumber}/UBND-VP`,
    codeNumber,
    codeNotation: 'UBND-VP',
    promulgationPlace: 'Hà Tĩnh',
    promulgationDate: date,
    documentType: { type: 1, typeDetail: 4, typeName: 'Quyết định' },
    subject,
    content: '',
    signerInfo: { competence: 'TM. UBND', position: 'Chủ tịch', fullName: 'Nguyễn Văn Đức' },
    dueDate: '',
    toPlaces: [],
    otherInfo: { priority: 1, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 0, pageAmount: 3, appendixes: ['Phụ lục I'] },
    steeringType: 0,
    responseFor: [],
  };
}
