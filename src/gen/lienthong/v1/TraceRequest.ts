// Original file: proto/lienthong/v1/agency.proto


export interface TraceRequest {
  'messageId'?: (string);
  'agency'?: (string);
}

export interface TraceRequest__Output {
  'messageId': (string);
  'agency': (string);
}
