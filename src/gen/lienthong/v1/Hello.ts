// Original file: proto/lienthong/v1/link.proto


export interface Hello {
  'nodeCode'?: (string);
  'softwareVersion'?: (string);
  'window'?: (number);
  'transferBatches'?: (boolean);
}

export interface Hello__Output {
  'nodeCode': (string);
  'softwareVersion': (string);
  'window': (number);
  'transferBatches': (boolean);
}
