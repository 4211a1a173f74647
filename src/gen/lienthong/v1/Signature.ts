// Original file: proto/lienthong/v1/message.proto


export interface Signature {
  'algorithm'?: (string);
  'certificate'?: (Buffer | Uint8Array | string);
  'value'?: (Buffer | Uint8Array | string);
}

export interface Signature__Output {
  'algorithm': (string);
  'certificate': (Buffer);
  'value': (Buffer);
}
