/**
 * The earlier documents a revoke, update or replace names (ResponseFor, ReplacementInfoList), each
 * with the message that brought it to the recipient here, if one did. The sender may only name a
 * document it issued (checked when the package is read); whether that document ever reached this
 * recipient over the network is what this tells the recipient's software: a revoke of a document
 * sent on paper, before the network, or never sent at all is still delivered, and says so.
 */
import type { InboxItem, Message } from '../domain/types.js';
import { responseKeyOf } from './edxml-message.js';

export interface EarlierDocument {
  /** As the package names it: a DocumentId, or OrganId,yyyy/MM/dd,Code made from its ResponseFor. */
  documentId: string;
  /**
   * The message that delivered that document from the same sender to the recipient here; '' when
   * none is held here (never received, or removed after limits.retention).
   */
  messageId: string;
}

/** Store.documentByEdxmlId: the latest document with that id `agency` sent or received here from `issuer`, other than `except`. */
export type DocumentLookup = (documentId: string, agency: string, issuer: string, except: string) => string | null;

/** Pure but for `find`: the earlier documents `m` names, looked up for `recipient`. Empty for a new document. */
export function earlierDocuments(m: Message, recipient: string, find: DocumentLookup): EarlierDocument[] {
  const b = m.edxml?.business;
  if (m.kind !== 'document' || !b || b.docType === 0) return [];
  const named = [...(b.docType === 3 ? [] : (m.edxml?.header.responseFor ?? []).map(responseKeyOf)), ...b.replacementInfoList.map((r) => r.documentId)];
  const ids = [...new Set(named.filter((id) => id !== ''))];
  return ids.map((documentId) => ({ documentId, messageId: find(documentId, recipient, m.from, m.id) ?? '' }));
}

/** The earlier documents an inbox item names, looked up for the agency whose inbox it is. */
export function earlierOf(store: { documentByEdxmlId: DocumentLookup }, item: InboxItem): EarlierDocument[] {
  return earlierDocuments(item.message, item.agency, (id, agency, issuer, except) => store.documentByEdxmlId(id, agency, issuer, except));
}
