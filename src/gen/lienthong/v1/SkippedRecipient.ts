// Original file: proto/lienthong/v1/agency.proto


export interface SkippedRecipient {
  'recipient'?: (string);
  'errorCode'?: (string);
  'reason'?: (string);
}

export interface SkippedRecipient__Output {
  'recipient': (string);
  'errorCode': (string);
  'reason': (string);
}
