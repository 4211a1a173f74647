/**
 * The header is read when edXMLHeader closes, not when the envelope does: a package that puts its
 * AttachmentEncoded inside edXMLBody (which the parser accepts) must still let the node check the
 * sender and pass declared files on before its attachments arrive, and must be refused for a bad
 * header before any attachment is written (an examiner found both waiting for </edXMLEnvelope>).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LienthongError } from '../../src/domain/errors.js';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { AttachmentSink } from '../../src/edxml/edxml-types.js';
import { asDocument, blobDirs, inPieces } from '../helpers/edxml-blob-dir.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/edxml/cong-van.xml', import.meta.url));
const NOW = (): number => Date.UTC(2025, 6, 15, 3, 0, 0);
const blobDir = blobDirs();

/** cong-van.xml with its AttachmentEncoded moved inside edXMLBody (after the manifest). */
function attachmentsInsideBody(): string {
  const xml = readFileSync(FIXTURE, 'utf8');
  const start = xml.indexOf('<edXML:AttachmentEncoded>');
  const endTag = '</edXML:AttachmentEncoded>';
  const end = xml.indexOf(endTag) + endTag.length;
  assert.ok(start > 0 && end > start, 'the fixture has its attachments after the envelope');
  const block = xml.slice(start, end);
  const without = xml.slice(0, start) + xml.slice(end);
  const at = without.indexOf('</edXML:edXMLBody>');
  return without.slice(0, at) + block + without.slice(at);
}

/** A sink that records the order in which the parser tells it things. */
async function recordingSink(events: string[]): Promise<AttachmentSink> {
  const dir = await blobDir();
  return {
    header: (h) => void events.push(`header ${h.from} → ${h.to.join(',')}`),
    begin: (info) => {
      events.push(`begin ${info.contentId}`);
      return dir.begin(info);
    },
  };
}

describe('edXML parse: the header is read as soon as edXMLHeader closes', () => {
  it('tells the sink the sender and recipients before the first attachment when the attachments sit inside edXMLBody', async () => {
    const events: string[] = [];
    const pkg = asDocument(await parseEdxml(inPieces(Buffer.from(attachmentsInsideBody()), 4096), await recordingSink(events), { now: NOW }));
    assert.equal(pkg.attachments.length, 1);
    assert.match(events[0]!, /^header 000\.00\.00\.G22 → /);
    assert.ok(events.slice(1).every((e) => e.startsWith('begin ')), events.join(' | '));
    assert.equal(events.length, 2);
  });

  it('refuses a header without To before any attachment is written', async () => {
    const xml = attachmentsInsideBody().replace(/<edXML:To>[\s\S]*?<\/edXML:To>/g, '');
    const events: string[] = [];
    await assert.rejects(parseEdxml(inPieces(Buffer.from(xml), 4096), await recordingSink(events), { now: NOW }), (err: unknown) => {
      assert.ok(err instanceof LienthongError);
      assert.equal(err.code, 'INVALID_EDXML');
      assert.match(err.message, /MessageHeader\/To: is required/);
      return true;
    });
    assert.deepEqual(events, [], 'nothing began: the header was refused first');
  });

  it('refuses a second edXMLHeader', async () => {
    const xml = readFileSync(FIXTURE, 'utf8');
    const header = xml.slice(xml.indexOf('<edXML:edXMLHeader>'), xml.indexOf('</edXML:edXMLHeader>') + '</edXML:edXMLHeader>'.length);
    const twice = xml.replace(header, header + header);
    await assert.rejects(parseEdxml(inPieces(Buffer.from(twice), 4096), await blobDir(), { now: NOW }), /edXMLHeader: appears twice/);
  });
});
