/**
 * A file's name as documents carry it (DocumentMeta.fileName, an edXML AttachmentName): a name, not a
 * path. A recipient's software that saves files under their names would otherwise write outside its
 * folder ("../../x", "C:\\x"). Pure.
 */

/** Why `name` is not a file's name, or null when it is one (or empty). */
export function pathProblem(name: string): string | null {
  if (/[/\\]/.test(name) || name === '.' || name === '..') {
    return `is a path ("${name}"), not a file name: a file's name may hold no / or \\ and may not be . or ..`;
  }
  return null;
}
