// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface RevocationStatus {
  'version'?: (number | string | Long);
  'issuedAtMs'?: (number | string | Long);
  'nextUpdateMs'?: (number | string | Long);
  'stale'?: (boolean);
  'entries'?: (number);
  'refused'?: (number);
  'lastRefusal'?: (string);
}

export interface RevocationStatus__Output {
  'version': (number);
  'issuedAtMs': (number);
  'nextUpdateMs': (number);
  'stale': (boolean);
  'entries': (number);
  'refused': (number);
  'lastRefusal': (string);
}
