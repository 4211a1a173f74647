// Original file: proto/lienthong/v1/admin.proto

import type { Message as _lienthong_v1_Message, Message__Output as _lienthong_v1_Message__Output } from '../../lienthong/v1/Message.js';
import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from '../../lienthong/v1/Hop.js';
import type { RecipientState as _lienthong_v1_RecipientState, RecipientState__Output as _lienthong_v1_RecipientState__Output } from '../../lienthong/v1/RecipientState.js';
import type { StatusReport as _lienthong_v1_StatusReport, StatusReport__Output as _lienthong_v1_StatusReport__Output } from '../../lienthong/v1/StatusReport.js';
import type { Long } from '@grpc/proto-loader';

export interface AdminServiceTraceResponse {
  'message'?: (_lienthong_v1_Message | null);
  'trace'?: (_lienthong_v1_Hop)[];
  'receivedFrom'?: (string);
  'acceptedAtMs'?: (number | string | Long);
  'recipients'?: (_lienthong_v1_RecipientState)[];
  'statuses'?: (_lienthong_v1_StatusReport)[];
  'nodeCode'?: (string);
}

export interface AdminServiceTraceResponse__Output {
  'message': (_lienthong_v1_Message__Output | null);
  'trace': (_lienthong_v1_Hop__Output)[];
  'receivedFrom': (string);
  'acceptedAtMs': (number);
  'recipients': (_lienthong_v1_RecipientState__Output)[];
  'statuses': (_lienthong_v1_StatusReport__Output)[];
  'nodeCode': (string);
}
