// Original file: proto/lienthong/v1/admin.proto


export interface RouteEntry {
  'prefix'?: (string);
  'target'?: (string);
  'source'?: (string);
  'note'?: (string);
}

export interface RouteEntry__Output {
  'prefix': (string);
  'target': (string);
  'source': (string);
  'note': (string);
}
