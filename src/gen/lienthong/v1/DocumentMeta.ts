// Original file: proto/lienthong/v1/message.proto


export interface DocumentMeta {
  'codeNumber'?: (string);
  'codeNotation'?: (string);
  'subject'?: (string);
  'documentType'?: (string);
  'promulgationDate'?: (string);
  'dueDate'?: (string);
  'fileName'?: (string);
  'contentType'?: (string);
}

export interface DocumentMeta__Output {
  'codeNumber': (string);
  'codeNotation': (string);
  'subject': (string);
  'documentType': (string);
  'promulgationDate': (string);
  'dueDate': (string);
  'fileName': (string);
  'contentType': (string);
}
