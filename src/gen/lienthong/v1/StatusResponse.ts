// Original file: proto/lienthong/v1/admin.proto

import type { LinkStatus as _lienthong_v1_LinkStatus, LinkStatus__Output as _lienthong_v1_LinkStatus__Output } from '../../lienthong/v1/LinkStatus.js';
import type { Counter as _lienthong_v1_Counter, Counter__Output as _lienthong_v1_Counter__Output } from '../../lienthong/v1/Counter.js';
import type { CertificateInfo as _lienthong_v1_CertificateInfo, CertificateInfo__Output as _lienthong_v1_CertificateInfo__Output } from '../../lienthong/v1/CertificateInfo.js';
import type { RevocationStatus as _lienthong_v1_RevocationStatus, RevocationStatus__Output as _lienthong_v1_RevocationStatus__Output } from '../../lienthong/v1/RevocationStatus.js';
import type { AgencyBacklog as _lienthong_v1_AgencyBacklog, AgencyBacklog__Output as _lienthong_v1_AgencyBacklog__Output } from '../../lienthong/v1/AgencyBacklog.js';
import type { Long } from '@grpc/proto-loader';

export interface StatusResponse {
  'nodeCode'?: (string);
  'level'?: (number);
  'startedAtMs'?: (number | string | Long);
  'version'?: (string);
  'links'?: (_lienthong_v1_LinkStatus)[];
  'counters'?: (_lienthong_v1_Counter)[];
  'outboxTotal'?: (number);
  'inboxUnacknowledged'?: (number);
  'certificate'?: (_lienthong_v1_CertificateInfo | null);
  'draining'?: (boolean);
  'listenAddress'?: (string);
  'caCertificate'?: (_lienthong_v1_CertificateInfo | null);
  'revocations'?: (_lienthong_v1_RevocationStatus | null);
  'storeFault'?: (string);
  'signingCertificates'?: (_lienthong_v1_CertificateInfo)[];
  'storeFull'?: (string);
  'agencyCertificates'?: (_lienthong_v1_CertificateInfo)[];
  'detachedInboxes'?: (_lienthong_v1_AgencyBacklog)[];
  'auditLoss'?: (string);
}

export interface StatusResponse__Output {
  'nodeCode': (string);
  'level': (number);
  'startedAtMs': (number);
  'version': (string);
  'links': (_lienthong_v1_LinkStatus__Output)[];
  'counters': (_lienthong_v1_Counter__Output)[];
  'outboxTotal': (number);
  'inboxUnacknowledged': (number);
  'certificate': (_lienthong_v1_CertificateInfo__Output | null);
  'draining': (boolean);
  'listenAddress': (string);
  'caCertificate': (_lienthong_v1_CertificateInfo__Output | null);
  'revocations': (_lienthong_v1_RevocationStatus__Output | null);
  'storeFault': (string);
  'signingCertificates': (_lienthong_v1_CertificateInfo__Output)[];
  'storeFull': (string);
  'agencyCertificates': (_lienthong_v1_CertificateInfo__Output)[];
  'detachedInboxes': (_lienthong_v1_AgencyBacklog__Output)[];
  'auditLoss': (string);
}
