/** The package layout the README shows is one a node takes: parsed here as any package is. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import { asDocument, blobDirs, inPieces } from '../helpers/edxml-blob-dir.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const blobDir = blobDirs();

function layoutBlock(): string {
  const text = readFileSync(README, 'utf8');
  const at = text.indexOf('**edXML package layout**');
  assert.ok(at > 0, 'the README shows the package layout');
  const start = text.indexOf('```xml\n', at) + '```xml\n'.length;
  return text.slice(start, text.indexOf('```', start));
}

describe('README: the edXML package layout', () => {
  it('parses as a document package with its one attachment', async () => {
    const pkg = asDocument(await parseEdxml(inPieces(Buffer.from(layoutBlock()), 1024), await blobDir(), { now: () => Date.UTC(2026, 10, 23, 5) }));
    assert.equal(pkg.header.from.organId, '000.46.24.H44');
    assert.deepEqual(pkg.header.to.map((t) => t.organId), ['000.01.07.H29']);
    assert.equal(pkg.attachments.length, 1);
    assert.equal(pkg.attachments[0]!.attachmentName, 'cong-van.pdf');
  });
});
