// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface PublishRevocationsResponse {
  'outcome'?: (string);
  'version'?: (number | string | Long);
  'currentVersion'?: (number | string | Long);
  'sentTo'?: (string)[];
  'dropped'?: (string)[];
}

export interface PublishRevocationsResponse__Output {
  'outcome': (string);
  'version': (number);
  'currentVersion': (number);
  'sentTo': (string)[];
  'dropped': (string)[];
}
