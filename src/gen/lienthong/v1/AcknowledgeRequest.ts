// Original file: proto/lienthong/v1/agency.proto


export interface AcknowledgeRequest {
  'agency'?: (string);
  'messageIds'?: (string)[];
}

export interface AcknowledgeRequest__Output {
  'agency': (string);
  'messageIds': (string)[];
}
