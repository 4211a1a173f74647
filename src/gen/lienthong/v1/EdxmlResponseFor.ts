// Original file: proto/lienthong/v1/message.proto


export interface EdxmlResponseFor {
  'organId'?: (string);
  'code'?: (string);
  'promulgationDate'?: (string);
  'documentId'?: (string);
}

export interface EdxmlResponseFor__Output {
  'organId': (string);
  'code': (string);
  'promulgationDate': (string);
  'documentId': (string);
}
