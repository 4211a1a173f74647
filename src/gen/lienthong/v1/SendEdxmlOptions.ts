// Original file: proto/lienthong/v1/agency.proto


export interface SendEdxmlOptions {
  'messageId'?: (string);
  'expirySeconds'?: (number);
  'agency'?: (string);
}

export interface SendEdxmlOptions__Output {
  'messageId': (string);
  'expirySeconds': (number);
  'agency': (string);
}
