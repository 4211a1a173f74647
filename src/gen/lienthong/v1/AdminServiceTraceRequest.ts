// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceTraceRequest {
  'messageId'?: (string);
  'agency'?: (string);
}

export interface AdminServiceTraceRequest__Output {
  'messageId': (string);
  'agency': (string);
}
