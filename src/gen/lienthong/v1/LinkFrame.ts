// Original file: proto/lienthong/v1/link.proto

import type { Hello as _lienthong_v1_Hello, Hello__Output as _lienthong_v1_Hello__Output } from '../../lienthong/v1/Hello.js';
import type { Transfer as _lienthong_v1_Transfer, Transfer__Output as _lienthong_v1_Transfer__Output } from '../../lienthong/v1/Transfer.js';
import type { TransferAcks as _lienthong_v1_TransferAcks, TransferAcks__Output as _lienthong_v1_TransferAcks__Output } from '../../lienthong/v1/TransferAcks.js';
import type { NodeReport as _lienthong_v1_NodeReport, NodeReport__Output as _lienthong_v1_NodeReport__Output } from '../../lienthong/v1/NodeReport.js';
import type { AttachmentOffer as _lienthong_v1_AttachmentOffer, AttachmentOffer__Output as _lienthong_v1_AttachmentOffer__Output } from '../../lienthong/v1/AttachmentOffer.js';
import type { AttachmentStatus as _lienthong_v1_AttachmentStatus, AttachmentStatus__Output as _lienthong_v1_AttachmentStatus__Output } from '../../lienthong/v1/AttachmentStatus.js';
import type { AttachmentChunk as _lienthong_v1_AttachmentChunk, AttachmentChunk__Output as _lienthong_v1_AttachmentChunk__Output } from '../../lienthong/v1/AttachmentChunk.js';
import type { RevocationList as _lienthong_v1_RevocationList, RevocationList__Output as _lienthong_v1_RevocationList__Output } from '../../lienthong/v1/RevocationList.js';
import type { TransferBatch as _lienthong_v1_TransferBatch, TransferBatch__Output as _lienthong_v1_TransferBatch__Output } from '../../lienthong/v1/TransferBatch.js';
import type { Goodbye as _lienthong_v1_Goodbye, Goodbye__Output as _lienthong_v1_Goodbye__Output } from '../../lienthong/v1/Goodbye.js';

export interface LinkFrame {
  'hello'?: (_lienthong_v1_Hello | null);
  'transfer'?: (_lienthong_v1_Transfer | null);
  'acks'?: (_lienthong_v1_TransferAcks | null);
  'report'?: (_lienthong_v1_NodeReport | null);
  'attachmentOffer'?: (_lienthong_v1_AttachmentOffer | null);
  'attachmentStatus'?: (_lienthong_v1_AttachmentStatus | null);
  'attachmentChunk'?: (_lienthong_v1_AttachmentChunk | null);
  'revocations'?: (_lienthong_v1_RevocationList | null);
  'transferBatch'?: (_lienthong_v1_TransferBatch | null);
  'goodbye'?: (_lienthong_v1_Goodbye | null);
  'frame'?: "hello"|"transfer"|"acks"|"report"|"attachmentOffer"|"attachmentStatus"|"attachmentChunk"|"revocations"|"transferBatch"|"goodbye";
}

export interface LinkFrame__Output {
  'hello'?: (_lienthong_v1_Hello__Output | null);
  'transfer'?: (_lienthong_v1_Transfer__Output | null);
  'acks'?: (_lienthong_v1_TransferAcks__Output | null);
  'report'?: (_lienthong_v1_NodeReport__Output | null);
  'attachmentOffer'?: (_lienthong_v1_AttachmentOffer__Output | null);
  'attachmentStatus'?: (_lienthong_v1_AttachmentStatus__Output | null);
  'attachmentChunk'?: (_lienthong_v1_AttachmentChunk__Output | null);
  'revocations'?: (_lienthong_v1_RevocationList__Output | null);
  'transferBatch'?: (_lienthong_v1_TransferBatch__Output | null);
  'goodbye'?: (_lienthong_v1_Goodbye__Output | null);
  'frame'?: "hello"|"transfer"|"acks"|"report"|"attachmentOffer"|"attachmentStatus"|"attachmentChunk"|"revocations"|"transferBatch"|"goodbye";
}
