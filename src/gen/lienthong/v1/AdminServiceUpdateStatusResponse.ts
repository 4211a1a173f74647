// Original file: proto/lienthong/v1/admin.proto


export interface AdminServiceUpdateStatusResponse {
  'statusMessageIds'?: (string)[];
  'alreadySent'?: (boolean);
}

export interface AdminServiceUpdateStatusResponse__Output {
  'statusMessageIds': (string)[];
  'alreadySent': (boolean);
}
