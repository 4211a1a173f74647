// Original file: proto/lienthong/v1/agency.proto

import type { Message as _lienthong_v1_Message, Message__Output as _lienthong_v1_Message__Output } from '../../lienthong/v1/Message.js';
import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from '../../lienthong/v1/Hop.js';
import type { SignerInfo as _lienthong_v1_SignerInfo, SignerInfo__Output as _lienthong_v1_SignerInfo__Output } from '../../lienthong/v1/SignerInfo.js';
import type { EarlierDocument as _lienthong_v1_EarlierDocument, EarlierDocument__Output as _lienthong_v1_EarlierDocument__Output } from '../../lienthong/v1/EarlierDocument.js';
import type { Long } from '@grpc/proto-loader';

export interface InboxItem {
  'seq'?: (number | string | Long);
  'message'?: (_lienthong_v1_Message | null);
  'trace'?: (_lienthong_v1_Hop)[];
  'deliveredAtMs'?: (number | string | Long);
  'acknowledged'?: (boolean);
  'bodySize'?: (number | string | Long);
  'signer'?: (_lienthong_v1_SignerInfo | null);
  'earlier'?: (_lienthong_v1_EarlierDocument)[];
}

export interface InboxItem__Output {
  'seq': (number);
  'message': (_lienthong_v1_Message__Output | null);
  'trace': (_lienthong_v1_Hop__Output)[];
  'deliveredAtMs': (number);
  'acknowledged': (boolean);
  'bodySize': (number);
  'signer': (_lienthong_v1_SignerInfo__Output | null);
  'earlier': (_lienthong_v1_EarlierDocument__Output)[];
}
