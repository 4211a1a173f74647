// Original file: proto/lienthong/v1/admin.proto


export interface InboxRequest {
  'agency'?: (string);
  'includeAcknowledged'?: (boolean);
  'limit'?: (number);
}

export interface InboxRequest__Output {
  'agency': (string);
  'includeAcknowledged': (boolean);
  'limit': (number);
}
