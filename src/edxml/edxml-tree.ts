/**
 * The small elements of an edXML package (everything but attachment bodies) as a tree the readers
 * walk by local name. Each node knows its path, e.g. `edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]`,
 * so every error can name the element that broke a rule.
 */

import { forbiddenXmlCharacter } from '../domain/xml-characters.js';
import { fail } from './edxml-rules.js';

/** Elements that repeat under their parent: their path carries a 1-based index. */
const REPEATED = new Set(['To', 'ResponseFor', 'TraceHeader', 'Reference', 'Attachment', 'ReplacementInfo', 'Appendix']);

export function isRepeated(name: string, parentName: string): boolean {
  return (
    REPEATED.has(name) || (name === 'Place' && parentName === 'ToPlaces') || (name === 'OrganId' && parentName === 'OrganIdList')
  );
}

export class XmlNode {
  readonly children: XmlNode[] = [];
  /** Raw character data, as the parser delivered it. */
  text = '';
  /** It held elements that were not kept (another namespace, XML-DSig): its text is not all it says. */
  elementsSkipped = false;
  private readonly counts = new Map<string, number>();
  /** The names a reader looked for here (child, all): what edXML has at this place. */
  private readonly asked = new Set<string>();

  constructor(
    readonly name: string,
    readonly path: string,
  ) {}

  /** Adds a child element and returns it, its path indexed when the element repeats. */
  add(name: string): XmlNode {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    const step = isRepeated(name, this.name) ? `${name}[${n}]` : name;
    const node = new XmlNode(name, `${this.path}/${step}`);
    this.children.push(node);
    return node;
  }

  /**
   * The child named one of `names` (alternative spellings), if any. An element that may appear once
   * and appears again (under either spelling) is refused: taking the first would silently drop what
   * the second says (a second recipient's OrganId, a second Priority never checked).
   */
  child(...names: string[]): XmlNode | undefined {
    for (const n of names) this.asked.add(n);
    let found: XmlNode | undefined;
    for (const c of this.children) {
      if (!names.includes(c.name)) continue;
      if (found) {
        const as = c.name === found.name ? '' : ` (as ${found.name} and ${c.name})`;
        fail(c.path, `appears twice${as} where it may appear once: which one is meant is ambiguous; keep one`);
      }
      found = c;
    }
    return found;
  }

  /** Every child named one of `names`, in document order. */
  all(...names: string[]): XmlNode[] {
    for (const n of names) this.asked.add(n);
    return this.children.filter((c) => names.includes(c.name));
  }

  /** The path a missing child would have. */
  pathOf(name: string): string {
    return `${this.path}/${name}`;
  }

  /**
   * The text, NFC and trimmed. A character XML 1.0 cannot carry (a raw C0 control, U+FFFE) is
   * refused here: the XML parser lets it through, and the package could never be exported again.
   */
  value(): string {
    const bad = forbiddenXmlCharacter(this.text);
    if (bad) fail(this.path, `holds ${bad}, a character XML 1.0 cannot carry: remove it`);
    // Mixed content (`Về <b>việc</b> gấp`): its text alone would silently drop the marked-up words.
    if ((this.children.length > 0 || this.elementsSkipped) && this.text.trim() !== '') {
      fail(this.path, 'holds elements inside its text (mixed content): write plain text, without markup');
    }
    return this.text.normalize('NFC').trim();
  }

  /** The text of the first child named one of `names`, NFC and trimmed; '' when absent. */
  str(...names: string[]): string {
    return this.child(...names)?.value() ?? '';
  }

  /**
   * The first element, here or below, that no reader looked for and whose name is a near miss of
   * one it did look for (`Priorty`, `Duedate`): a misspelling, whose value would be silently
   * lost. Other unknown elements (a vendor's own, in the edXML namespace) are left alone.
   */
  misspelt(): { node: XmlNode; meant: string } | null {
    // Depth first in document order, without recursion: a vendor's element may nest 100,000 deep.
    const stack: { node: XmlNode; next: number }[] = [{ node: this, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const c = top.node.children[top.next++];
      if (c === undefined) {
        stack.pop();
        continue;
      }
      const { asked } = top.node;
      if (asked.size > 0 && !asked.has(c.name)) {
        const meant = [...asked].find((a) => nearMiss(c.name, a));
        if (meant) return { node: c, meant };
      }
      stack.push({ node: c, next: 0 });
    }
    return null;
  }
}

/** `a` differs from `b` only in letter case, or by one edit (two for names of 8 letters or more). */
export function nearMiss(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const most = Math.min(a.length, b.length) >= 8 ? 2 : 1;
  if (Math.abs(a.length - b.length) > most) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]! <= most;
}
