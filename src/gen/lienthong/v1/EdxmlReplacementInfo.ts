// Original file: proto/lienthong/v1/message.proto


export interface EdxmlReplacementInfo {
  'documentId'?: (string);
  'organIds'?: (string)[];
}

export interface EdxmlReplacementInfo__Output {
  'documentId': (string);
  'organIds': (string)[];
}
