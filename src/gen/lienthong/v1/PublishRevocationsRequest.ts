// Original file: proto/lienthong/v1/admin.proto


export interface PublishRevocationsRequest {
  'payload'?: (Buffer | Uint8Array | string);
  'signature'?: (Buffer | Uint8Array | string);
}

export interface PublishRevocationsRequest__Output {
  'payload': (Buffer);
  'signature': (Buffer);
}
