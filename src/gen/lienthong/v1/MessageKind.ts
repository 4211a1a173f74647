// Original file: proto/lienthong/v1/message.proto

export const MessageKind = {
  MESSAGE_KIND_UNSPECIFIED: 'MESSAGE_KIND_UNSPECIFIED',
  MESSAGE_KIND_DOCUMENT: 'MESSAGE_KIND_DOCUMENT',
  MESSAGE_KIND_STATUS: 'MESSAGE_KIND_STATUS',
} as const;

export type MessageKind =
  | 'MESSAGE_KIND_UNSPECIFIED'
  | 0
  | 'MESSAGE_KIND_DOCUMENT'
  | 1
  | 'MESSAGE_KIND_STATUS'
  | 2

export type MessageKind__Output = typeof MessageKind[keyof typeof MessageKind]
