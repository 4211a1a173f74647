// Original file: proto/lienthong/v1/admin.proto

import type { RouteEntry as _lienthong_v1_RouteEntry, RouteEntry__Output as _lienthong_v1_RouteEntry__Output } from '../../lienthong/v1/RouteEntry.js';

export interface RoutesResponse {
  'entries'?: (_lienthong_v1_RouteEntry)[];
  'steps'?: (string)[];
  'decision'?: (string);
  'nextHop'?: (string);
}

export interface RoutesResponse__Output {
  'entries': (_lienthong_v1_RouteEntry__Output)[];
  'steps': (string)[];
  'decision': (string);
  'nextHop': (string);
}
