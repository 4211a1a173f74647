// Original file: proto/lienthong/v1/link.proto


export interface RevocationList {
  'payload'?: (Buffer | Uint8Array | string);
  'signature'?: (Buffer | Uint8Array | string);
}

export interface RevocationList__Output {
  'payload': (Buffer);
  'signature': (Buffer);
}
