// Original file: proto/lienthong/v1/message.proto


export interface SignerInfo {
  'code'?: (string);
  'role'?: (string);
  'certificateSerial'?: (string);
  'algorithm'?: (string);
  'verified'?: (boolean);
  'verifiedAtNode'?: (string);
}

export interface SignerInfo__Output {
  'code': (string);
  'role': (string);
  'certificateSerial': (string);
  'algorithm': (string);
  'verified': (boolean);
  'verifiedAtNode': (string);
}
