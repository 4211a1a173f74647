// Original file: proto/lienthong/v1/agency.proto

import type { RecipientRoute as _lienthong_v1_RecipientRoute, RecipientRoute__Output as _lienthong_v1_RecipientRoute__Output } from '../../lienthong/v1/RecipientRoute.js';
import type { Long } from '@grpc/proto-loader';

export interface SendEdxmlResponse {
  'messageId'?: (string);
  'duplicate'?: (boolean);
  'routes'?: (_lienthong_v1_RecipientRoute)[];
  'statusMessageIds'?: (string)[];
  'attachmentBytes'?: (number | string | Long);
}

export interface SendEdxmlResponse__Output {
  'messageId': (string);
  'duplicate': (boolean);
  'routes': (_lienthong_v1_RecipientRoute__Output)[];
  'statusMessageIds': (string)[];
  'attachmentBytes': (number);
}
