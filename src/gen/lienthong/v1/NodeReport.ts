// Original file: proto/lienthong/v1/link.proto

import type { NodeSummary as _lienthong_v1_NodeSummary, NodeSummary__Output as _lienthong_v1_NodeSummary__Output } from '../../lienthong/v1/NodeSummary.js';

export interface NodeReport {
  'nodes'?: (_lienthong_v1_NodeSummary)[];
}

export interface NodeReport__Output {
  'nodes': (_lienthong_v1_NodeSummary__Output)[];
}
