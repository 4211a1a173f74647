/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab and line breaks, U+FFFE/U+FFFF and
 * lone surrogates. Text holding them could never leave as an edXML package, so it never enters.
 */
export const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** "U+0001" for the first such character in `text`, or null. */
export function forbiddenXmlCharacter(text: string): string | null {
  const bad = XML_FORBIDDEN.exec(text);
  return bad ? `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}
