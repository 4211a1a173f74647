// Original file: proto/lienthong/v1/link.proto

import type { LinkFrame as _lienthong_v1_LinkFrame, LinkFrame__Output as _lienthong_v1_LinkFrame__Output } from '../../lienthong/v1/LinkFrame.js';

export interface ConnectResponse {
  'frame'?: (_lienthong_v1_LinkFrame | null);
}

export interface ConnectResponse__Output {
  'frame': (_lienthong_v1_LinkFrame__Output | null);
}
