// Original file: proto/lienthong/v1/agency.proto

import type { SkippedRecipient as _lienthong_v1_SkippedRecipient, SkippedRecipient__Output as _lienthong_v1_SkippedRecipient__Output } from '../../lienthong/v1/SkippedRecipient.js';

export interface UpdateStatusResponse {
  'statusMessageIds'?: (string)[];
  'alreadySent'?: (boolean);
  'skipped'?: (_lienthong_v1_SkippedRecipient)[];
}

export interface UpdateStatusResponse__Output {
  'statusMessageIds': (string)[];
  'alreadySent': (boolean);
  'skipped': (_lienthong_v1_SkippedRecipient__Output)[];
}
