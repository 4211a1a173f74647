// Original file: proto/lienthong/v1/admin.proto


export interface RoutesRequest {
  'resolve'?: (string);
}

export interface RoutesRequest__Output {
  'resolve': (string);
}
