// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceAcknowledgeRequest {
  'agency'?: (string);
  'messageIds'?: (string)[];
}

export interface AdminServiceAcknowledgeRequest__Output {
  'agency': (string);
  'messageIds': (string)[];
}
