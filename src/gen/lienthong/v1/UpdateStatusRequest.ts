// Original file: proto/lienthong/v1/agency.proto


export interface UpdateStatusRequest {
  'agency'?: (string);
  'messageId'?: (string);
  'code'?: (string);
  'reason'?: (string);
}

export interface UpdateStatusRequest__Output {
  'agency': (string);
  'messageId': (string);
  'code': (string);
  'reason': (string);
}
