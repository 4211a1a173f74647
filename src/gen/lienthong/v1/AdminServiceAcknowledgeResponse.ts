// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceAcknowledgeResponse {
  'acknowledged'?: (number);
  'notInInbox'?: (string)[];
}

export interface AdminServiceAcknowledgeResponse__Output {
  'acknowledged': (number);
  'notInInbox': (string)[];
}
