// Original file: proto/lienthong/v1/agency.proto


export interface UpdateStatusResponse {
  'statusMessageIds'?: (string)[];
}

export interface UpdateStatusResponse__Output {
  'statusMessageIds': (string)[];
}
