// Original file: proto/lienthong/v1/agency.proto


export interface ReceiveRequest {
  'agency'?: (string);
  'follow'?: (boolean);
  'max'?: (number);
}

export interface ReceiveRequest__Output {
  'agency': (string);
  'follow': (boolean);
  'max': (number);
}
