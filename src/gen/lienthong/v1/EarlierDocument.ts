// Original file: proto/lienthong/v1/agency.proto


export interface EarlierDocument {
  'documentId'?: (string);
  'messageId'?: (string);
}

export interface EarlierDocument__Output {
  'documentId': (string);
  'messageId': (string);
}
