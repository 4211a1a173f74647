// Original file: proto/lienthong/v1/admin.proto


export interface OutboxRequest {
  'nextHop'?: (string);
  'state'?: (string);
  'limit'?: (number);
}

export interface OutboxRequest__Output {
  'nextHop': (string);
  'state': (string);
  'limit': (number);
}
