// Original file: proto/lienthong/v1/agency.proto


export interface RecipientRoute {
  'recipient'?: (string);
  'decision'?: (string);
  'nextHop'?: (string);
  'reason'?: (string);
}

export interface RecipientRoute__Output {
  'recipient': (string);
  'decision': (string);
  'nextHop': (string);
  'reason': (string);
}
