// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceUpdateStatusRequest {
  'agency'?: (string);
  'messageId'?: (string);
  'code'?: (string);
  'reason'?: (string);
}

export interface AdminServiceUpdateStatusRequest__Output {
  'agency': (string);
  'messageId': (string);
  'code': (string);
  'reason': (string);
}
