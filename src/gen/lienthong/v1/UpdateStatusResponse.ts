// Original file: proto/lienthong/v1/agency.proto


export interface UpdateStatusResponse {
  'statusMessageIds'?: (string)[];
  'alreadySent'?: (boolean);
}

export interface UpdateStatusResponse__Output {
  'statusMessageIds': (string)[];
  'alreadySent': (boolean);
}
