// Original file: proto/lienthong/v1/message.proto

import type { EdxmlMessageHeader as _lienthong_v1_EdxmlMessageHeader, EdxmlMessageHeader__Output as _lienthong_v1_EdxmlMessageHeader__Output } from '../../lienthong/v1/EdxmlMessageHeader.js';
import type { EdxmlBusiness as _lienthong_v1_EdxmlBusiness, EdxmlBusiness__Output as _lienthong_v1_EdxmlBusiness__Output } from '../../lienthong/v1/EdxmlBusiness.js';
import type { EdxmlTraceHeader as _lienthong_v1_EdxmlTraceHeader, EdxmlTraceHeader__Output as _lienthong_v1_EdxmlTraceHeader__Output } from '../../lienthong/v1/EdxmlTraceHeader.js';

export interface EdxmlInfo {
  'header'?: (_lienthong_v1_EdxmlMessageHeader | null);
  'business'?: (_lienthong_v1_EdxmlBusiness | null);
  'traceHeaders'?: (_lienthong_v1_EdxmlTraceHeader)[];
}

export interface EdxmlInfo__Output {
  'header': (_lienthong_v1_EdxmlMessageHeader__Output | null);
  'business': (_lienthong_v1_EdxmlBusiness__Output | null);
  'traceHeaders': (_lienthong_v1_EdxmlTraceHeader__Output)[];
}
