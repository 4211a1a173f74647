// Original file: proto/lienthong/v1/agency.proto


export interface ExportEdxmlRequest {
  'messageId'?: (string);
  'agency'?: (string);
}

export interface ExportEdxmlRequest__Output {
  'messageId': (string);
  'agency': (string);
}
