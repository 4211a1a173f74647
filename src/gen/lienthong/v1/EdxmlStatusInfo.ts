// Original file: proto/lienthong/v1/message.proto

import type { EdxmlOrganization as _lienthong_v1_EdxmlOrganization, EdxmlOrganization__Output as _lienthong_v1_EdxmlOrganization__Output } from '../../lienthong/v1/EdxmlOrganization.js';
import type { EdxmlStaffInfo as _lienthong_v1_EdxmlStaffInfo, EdxmlStaffInfo__Output as _lienthong_v1_EdxmlStaffInfo__Output } from '../../lienthong/v1/EdxmlStaffInfo.js';
import type { EdxmlTraceHeader as _lienthong_v1_EdxmlTraceHeader, EdxmlTraceHeader__Output as _lienthong_v1_EdxmlTraceHeader__Output } from '../../lienthong/v1/EdxmlTraceHeader.js';
import type { Long } from '@grpc/proto-loader';

export interface EdxmlStatusInfo {
  'from'?: (_lienthong_v1_EdxmlOrganization | null);
  'staffInfo'?: (_lienthong_v1_EdxmlStaffInfo | null);
  'timestampMs'?: (number | string | Long);
  'traceHeaders'?: (_lienthong_v1_EdxmlTraceHeader)[];
}

export interface EdxmlStatusInfo__Output {
  'from': (_lienthong_v1_EdxmlOrganization__Output | null);
  'staffInfo': (_lienthong_v1_EdxmlStaffInfo__Output | null);
  'timestampMs': (number);
  'traceHeaders': (_lienthong_v1_EdxmlTraceHeader__Output)[];
}
