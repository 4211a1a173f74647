// Original file: proto/lienthong/v1/admin.proto


export interface OutboxActionResponse {
  'affected'?: (number);
}

export interface OutboxActionResponse__Output {
  'affected': (number);
}
