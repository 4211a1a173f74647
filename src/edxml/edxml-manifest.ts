/**
 * edXMLManifest: the list of References that names each attachment the package carries, joined with
 * the Attachment elements by ContentId. `cid:a1`, `<cid:a1>` and `a1` name the same attachment.
 */
import { LIMITS, fail, fileName } from './edxml-rules.js';
import type { XmlNode } from './edxml-tree.js';

export interface ManifestEntry {
  /** As written in the Reference, without angle brackets, e.g. "cid:a1". */
  contentId: string;
  /** What Attachment ContentIds are matched on. */
  key: string;
  contentType: string;
  description: string;
  attachmentName: string;
  path: string;
}

/** Drops angle brackets: the form kept in an AttachmentRef. */
export function bareContentId(text: string): string {
  return text.replace(/^<\s*/, '').replace(/\s*>$/, '');
}

/** The form ContentIds are compared in: no angle brackets, no `cid:` scheme. */
export function contentIdKey(text: string): string {
  return bareContentId(text).replace(/^cid:/i, '');
}

export function readManifest(envelope: XmlNode): ManifestEntry[] {
  const refs = envelope.child('edXMLBody')?.child('edXMLManifest')?.all('Reference') ?? [];
  const seen = new Map<string, string>();
  return refs.map((ref) => {
    const contentId = bareContentId(ref.str('ContentId'));
    if (contentId === '') fail(ref.pathOf('ContentId'), 'is required (cid:... naming an Attachment)');
    const key = contentIdKey(contentId);
    const first = seen.get(key);
    if (first) fail(ref.pathOf('ContentId'), `duplicate ContentId ${contentId} (already in ${first})`);
    seen.set(key, ref.path.slice(ref.path.lastIndexOf('/') + 1));
    return {
      contentId,
      key,
      contentType: ref.str('ContentType'),
      description: ref.str('Description'),
      attachmentName: fileName(ref, 'AttachmentName', LIMITS.attachmentName),
      path: ref.path,
    };
  });
}
