// Original file: proto/lienthong/v1/agency.proto


export interface ExportEdxmlResponse {
  'data'?: (Buffer | Uint8Array | string);
}

export interface ExportEdxmlResponse__Output {
  'data': (Buffer);
}
