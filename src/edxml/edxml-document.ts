/**
 * Small pure helpers over edXML data: empty values (an absent element reads as these) and the
 * DocumentId the standard builds from the sender, the date and the number/notation.
 */
import { formatEdxmlDate } from './edxml-time.js';
import type { Business, MessageHeader, Organization, StaffInfo } from './edxml-types.js';

export function emptyOrganization(): Organization {
  return { organId: '', organizationInCharge: '', organName: '', organAdd: '', email: '', telephone: '', fax: '', website: '' };
}

export function emptyStaffInfo(): StaffInfo {
  return { department: '', staff: '', mobile: '', email: '' };
}

/** A new document (BussinessDocType 0) in the spelling most vendors use. */
export function emptyBusiness(): Business {
  return { docType: 0, docReason: '', paper: 0, staffInfo: emptyStaffInfo(), replacementInfoList: [], spelling: 'Bussiness' };
}

/** "Number/Notation" as a document shows it (`Số: 7816/VPCP-TTĐT`); just one part when the other is empty. */
export function codeOf(header: Pick<MessageHeader, 'codeNumber' | 'codeNotation'>): string {
  return [header.codeNumber, header.codeNotation].filter((s) => s !== '').join('/');
}

/** `OrganId,yyyy/MM/dd,Number/Notation`, e.g. `000.00.00.G22,2015/09/30,7816/VPCP-TTĐT`. */
export function documentIdOf(header: Pick<MessageHeader, 'from' | 'promulgationDate' | 'codeNumber' | 'codeNotation'>): string {
  return `${header.from.organId},${formatEdxmlDate(header.promulgationDate)},${codeOf(header)}`;
}
