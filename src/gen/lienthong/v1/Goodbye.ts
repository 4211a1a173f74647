// Original file: proto/lienthong/v1/link.proto


export interface Goodbye {
  'reason'?: (string);
}

export interface Goodbye__Output {
  'reason': (string);
}
