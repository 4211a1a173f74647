// Original file: proto/lienthong/v1/agency.proto


export interface AcknowledgeResponse {
  'acknowledged'?: (number);
  'notInInbox'?: (string)[];
}

export interface AcknowledgeResponse__Output {
  'acknowledged': (number);
  'notInInbox': (string)[];
}
