// Original file: proto/lienthong/v1/agency.proto

import type { RecipientRoute as _lienthong_v1_RecipientRoute, RecipientRoute__Output as _lienthong_v1_RecipientRoute__Output } from '../../lienthong/v1/RecipientRoute.js';
import type { SkippedRecipient as _lienthong_v1_SkippedRecipient, SkippedRecipient__Output as _lienthong_v1_SkippedRecipient__Output } from '../../lienthong/v1/SkippedRecipient.js';
import type { Long } from '@grpc/proto-loader';

export interface SendEdxmlResponse {
  'messageId'?: (string);
  'duplicate'?: (boolean);
  'routes'?: (_lienthong_v1_RecipientRoute)[];
  'statusMessageIds'?: (string)[];
  'attachmentBytes'?: (number | string | Long);
  'skipped'?: (_lienthong_v1_SkippedRecipient)[];
  'alreadySent'?: (boolean);
  'signedForm'?: (Buffer | Uint8Array | string);
}

export interface SendEdxmlResponse__Output {
  'messageId': (string);
  'duplicate': (boolean);
  'routes': (_lienthong_v1_RecipientRoute__Output)[];
  'statusMessageIds': (string)[];
  'attachmentBytes': (number);
  'skipped': (_lienthong_v1_SkippedRecipient__Output)[];
  'alreadySent': (boolean);
  'signedForm': (Buffer);
}
