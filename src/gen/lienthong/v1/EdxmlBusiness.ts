// Original file: proto/lienthong/v1/message.proto

import type { EdxmlStaffInfo as _lienthong_v1_EdxmlStaffInfo, EdxmlStaffInfo__Output as _lienthong_v1_EdxmlStaffInfo__Output } from '../../lienthong/v1/EdxmlStaffInfo.js';
import type { EdxmlReplacementInfo as _lienthong_v1_EdxmlReplacementInfo, EdxmlReplacementInfo__Output as _lienthong_v1_EdxmlReplacementInfo__Output } from '../../lienthong/v1/EdxmlReplacementInfo.js';

export interface EdxmlBusiness {
  'docType'?: (number);
  'docReason'?: (string);
  'paper'?: (number);
  'staffInfo'?: (_lienthong_v1_EdxmlStaffInfo | null);
  'replacementInfoList'?: (_lienthong_v1_EdxmlReplacementInfo)[];
  'spelling'?: (string);
}

export interface EdxmlBusiness__Output {
  'docType': (number);
  'docReason': (string);
  'paper': (number);
  'staffInfo': (_lienthong_v1_EdxmlStaffInfo__Output | null);
  'replacementInfoList': (_lienthong_v1_EdxmlReplacementInfo__Output)[];
  'spelling': (string);
}
