// Original file: proto/lienthong/v1/admin.proto

import type { SkippedRecipient as _lienthong_v1_SkippedRecipient, SkippedRecipient__Output as _lienthong_v1_SkippedRecipient__Output } from '../../lienthong/v1/SkippedRecipient.js';

export interface AdminServiceUpdateStatusResponse {
  'statusMessageIds'?: (string)[];
  'alreadySent'?: (boolean);
  'skipped'?: (_lienthong_v1_SkippedRecipient)[];
}

export interface AdminServiceUpdateStatusResponse__Output {
  'statusMessageIds': (string)[];
  'alreadySent': (boolean);
  'skipped': (_lienthong_v1_SkippedRecipient__Output)[];
}
