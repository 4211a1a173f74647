// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface CertificateInfo {
  'subject'?: (string);
  'notAfterMs'?: (number | string | Long);
  'serial'?: (string);
  'revoked'?: (boolean);
}

export interface CertificateInfo__Output {
  'subject': (string);
  'notAfterMs': (number);
  'serial': (string);
  'revoked': (boolean);
}
