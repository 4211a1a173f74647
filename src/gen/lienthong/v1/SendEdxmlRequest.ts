// Original file: proto/lienthong/v1/agency.proto

import type { SendEdxmlOptions as _lienthong_v1_SendEdxmlOptions, SendEdxmlOptions__Output as _lienthong_v1_SendEdxmlOptions__Output } from '../../lienthong/v1/SendEdxmlOptions.js';

export interface SendEdxmlRequest {
  'options'?: (_lienthong_v1_SendEdxmlOptions | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "options"|"data";
}

export interface SendEdxmlRequest__Output {
  'options'?: (_lienthong_v1_SendEdxmlOptions__Output | null);
  'data'?: (Buffer);
  'part'?: "options"|"data";
}
