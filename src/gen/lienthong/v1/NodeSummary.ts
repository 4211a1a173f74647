// Original file: proto/lienthong/v1/link.proto

import type { LinkSummary as _lienthong_v1_LinkSummary, LinkSummary__Output as _lienthong_v1_LinkSummary__Output } from '../../lienthong/v1/LinkSummary.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeSummary {
  'code'?: (string);
  'parent'?: (string);
  'level'?: (number);
  'version'?: (string);
  'state'?: (string);
  'reportedAtMs'?: (number | string | Long);
  'uptimeMs'?: (number | string | Long);
  'draining'?: (boolean);
  'certificateNotAfterMs'?: (number | string | Long);
  'counters'?: ({[key: string]: number | string | Long});
  'outboxTotal'?: (number);
  'inboxUnacknowledged'?: (number);
  'links'?: (_lienthong_v1_LinkSummary)[];
  'acceptedPerSecond'?: (number | string);
}

export interface NodeSummary__Output {
  'code': (string);
  'parent': (string);
  'level': (number);
  'version': (string);
  'state': (string);
  'reportedAtMs': (number);
  'uptimeMs': (number);
  'draining': (boolean);
  'certificateNotAfterMs': (number);
  'counters': ({[key: string]: number});
  'outboxTotal': (number);
  'inboxUnacknowledged': (number);
  'links': (_lienthong_v1_LinkSummary__Output)[];
  'acceptedPerSecond': (number);
}
