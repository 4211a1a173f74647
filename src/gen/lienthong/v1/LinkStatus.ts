// Original file: proto/lienthong/v1/admin.proto

import type { CertificateInfo as _lienthong_v1_CertificateInfo, CertificateInfo__Output as _lienthong_v1_CertificateInfo__Output } from '../../lienthong/v1/CertificateInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface LinkStatus {
  'peerCode'?: (string);
  'role'?: (string);
  'state'?: (string);
  'sinceMs'?: (number | string | Long);
  'address'?: (string);
  'outboxDepth'?: (number);
  'oldestMs'?: (number | string | Long);
  'lastError'?: (string);
  'inflight'?: (number);
  'reconnects'?: (number);
  'peerCertificate'?: (_lienthong_v1_CertificateInfo | null);
  'clockOffsetMs'?: (number | string | Long);
  'clockUncertaintyMs'?: (number | string | Long);
  'clockCheckedAtMs'?: (number | string | Long);
  'refused'?: (boolean);
}

export interface LinkStatus__Output {
  'peerCode': (string);
  'role': (string);
  'state': (string);
  'sinceMs': (number);
  'address': (string);
  'outboxDepth': (number);
  'oldestMs': (number);
  'lastError': (string);
  'inflight': (number);
  'reconnects': (number);
  'peerCertificate': (_lienthong_v1_CertificateInfo__Output | null);
  'clockOffsetMs': (number);
  'clockUncertaintyMs': (number);
  'clockCheckedAtMs': (number);
  'refused': (boolean);
}
