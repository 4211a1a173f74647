/**
 * Whether a message arriving under an id held here is a copy of the held one (sent again, or by
 * another path) rather than another message under the same id. Pure.
 */
import { contentForm } from '../domain/signed-form.js';
import type { Message } from '../domain/types.js';

export function sameRecipients(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Same sender, kind, header, body and files (everything signed but when it was made and whom it
 * is for): a copy of the same message, not another one under its id.
 */
export function sameContent(a: Message, b: Message): boolean {
  return contentForm(a).equals(contentForm(b));
}
