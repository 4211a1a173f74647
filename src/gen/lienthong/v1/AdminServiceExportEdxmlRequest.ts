// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceExportEdxmlRequest {
  'messageId'?: (string);
  'agency'?: (string);
}

export interface AdminServiceExportEdxmlRequest__Output {
  'messageId': (string);
  'agency': (string);
}
