/**
 * A node refuses a document naming the agency API's field (`document.dueDate: ...`); the user of
 * `lienthong send` gave an option. Pure: the refusal in the option's terms, or null when it names no
 * field this command fills from an option.
 */
/** showValue: the node's rule does not quote the value itself. */
const FIELD_OPTIONS: Readonly<Record<string, { option: string; showValue: boolean }>> = {
  expirySeconds: { option: 'expiry', showValue: false },
  messageId: { option: 'message-id', showValue: false },
  'document.dueDate': { option: 'due-date', showValue: false },
  priority: { option: 'priority', showValue: false },
  to: { option: 'to', showValue: false },
  'document.subject': { option: 'subject', showValue: false },
  'document.codeNumber': { option: 'number', showValue: true },
  'document.codeNotation': { option: 'notation', showValue: true },
  'document.documentType': { option: 'type', showValue: true },
};

export function inOptionTerms(message: string, given: (option: string) => unknown): string | null {
  const colon = message.indexOf(': ');
  if (colon < 0) return null;
  const named = FIELD_OPTIONS[message.slice(0, colon)];
  if (!named) return null;
  const value = given(named.option);
  const shown = named.showValue && value !== undefined && value !== '' ? ` ${String(value)}` : '';
  return `--${named.option}${shown}: ${message.slice(colon + 2)}`;
}
