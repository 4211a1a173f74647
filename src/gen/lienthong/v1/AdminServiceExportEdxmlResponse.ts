// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceExportEdxmlResponse {
  'data'?: (Buffer | Uint8Array | string);
}

export interface AdminServiceExportEdxmlResponse__Output {
  'data': (Buffer);
}
