// Original file: proto/lienthong/v1/link.proto

import type { LinkFrame as _lienthong_v1_LinkFrame, LinkFrame__Output as _lienthong_v1_LinkFrame__Output } from '../../lienthong/v1/LinkFrame.js';

export interface ConnectRequest {
  'frame'?: (_lienthong_v1_LinkFrame | null);
}

export interface ConnectRequest__Output {
  'frame': (_lienthong_v1_LinkFrame__Output | null);
}
