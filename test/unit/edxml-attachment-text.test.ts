/**
 * Attachment text read past the XML parser (base64 decoded from the package's raw bytes): every
 * form XML allows inside ContentTransferEncoded still reads as the parser would read it, what is not
 * base64 is still refused with the character named, and positions in later errors stay right.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LienthongError } from '../../src/domain/errors.js';
import { Base64Decoder, lineBreaks, maxDecoded } from '../../src/edxml/edxml-base64.js';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { DocumentPackage } from '../../src/edxml/edxml-types.js';
import { BlobDir, inPieces } from '../helpers/edxml-blob-dir.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
const NOW = (): number => Date.UTC(2025, 6, 15, 3, 0, 0);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const text = readFileSync(join(FIXTURES, 'quyet-dinh-phu-luc.xml'), 'utf8');
const OPEN = '<ContentTransferEncoded>';
const CLOSE = '</ContentTransferEncoded>';

const dirs: BlobDir[] = [];
after(async () => {
  for (const d of dirs) await d.remove();
});

async function parse(xml: string, piece = 4096): Promise<DocumentPackage> {
  const dir = await BlobDir.create();
  dirs.push(dir);
  const pkg = await parseEdxml(inPieces(Buffer.from(xml, 'utf8'), piece), dir, { now: NOW });
  assert.equal(pkg.kind, 'document');
  return pkg as DocumentPackage;
}

async function refusedWith(xml: string, pattern: RegExp, piece = 4096): Promise<void> {
  const dir = await BlobDir.create();
  dirs.push(dir);
  await assert.rejects(parseEdxml(inPieces(Buffer.from(xml, 'utf8'), piece), dir, { now: NOW }), (err: unknown) => {
    assert.ok(err instanceof LienthongError);
    assert.equal(err.code, 'INVALID_EDXML');
    assert.match(err.message, pattern);
    return true;
  });
}

/** The fixture with the first attachment's base64 text passed through `edit`. */
function editFirstText(edit: (b64: string) => string): string {
  const start = text.indexOf(OPEN) + OPEN.length;
  const end = text.indexOf(CLOSE, start);
  return text.slice(0, start) + edit(text.slice(start, end)) + text.slice(end);
}

describe('edXML attachment text past the XML parser', () => {
  it('reads comments (holding ">"), CDATA, CRLF, spaces and tabs inside the text as the XML parser would', async () => {
    const plain = await parse(text);
    const variants = [
      editFirstText((b) => b.replace('\n', '\n<!-- a > b, <c> -->')),
      editFirstText((b) => `<![CDATA[${b}]]>`),
      editFirstText((b) => b.slice(0, 40) + '<![CDATA[' + b.slice(40, 90) + ']]>' + b.slice(90)),
      editFirstText((b) => b.replace(/\n/g, '\r\n')),
      editFirstText((b) => b.replace(/\n/g, ' \t\n  ')),
      editFirstText((b) => b.replace(/\n/g, '')),
      editFirstText((b) => `&#x20;${b}`),
    ];
    for (const [i, xml] of variants.entries()) {
      for (const piece of [1, 7, 76, 4096]) {
        assert.deepEqual((await parse(xml, piece)).attachments, plain.attachments, `variant ${i}, pieces of ${piece} bytes`);
      }
    }
  });

  it('refuses what is not base64 with the character and its position, also where Node would decode it', async () => {
    for (const [bad, name] of [['-', '-'], ['_', '_'], ['!', '!'], ['é', 'é'], ['&amp;', '&']] as const) {
      const xml = editFirstText((b) => b.slice(0, 100) + bad + b.slice(100));
      await refusedWith(xml, new RegExp(`Attachment\\[1\\]/ContentTransferEncoded: invalid base64 \\(character "${name}" \\(U\\+[0-9A-F]{4}\\) at character \\d+\\)`));
    }
    await refusedWith(editFirstText((b) => b.trimEnd() + 'QQ==\n'), /invalid base64 \((padding|data after)/);
    await refusedWith(editFirstText((b) => b.replace('\n', '\n<b>x</b>')), /ContentTransferEncoded: holds an element <b>; it may hold only base64 text/);
  });

  it('gives the right line and column in an error after the attachments', async () => {
    const broken = text.replace('</AttachmentEncoded>', '</AttachmentEncoded><Oops></edXML>');
    const lines = broken.slice(0, broken.indexOf('</edXML>', broken.indexOf('<Oops>'))).split('\n');
    await refusedWith(broken, new RegExp(`not well-formed XML at line:column ${lines.length}:`));
  });

  it('decodes 76-column text cut anywhere into exactly the bytes of the exact decoder', () => {
    const data = randomBytes(200_003);
    for (const eol of ['\n', '\r\n']) {
      const encoded = Buffer.from(data.toString('base64').replace(/.{76}/g, `$&${eol}`), 'latin1');
      for (const step of [1, 3, 4, 77, 1000, 65_536]) {
        const fast = new Base64Decoder('t');
        const parts: Buffer[] = [];
        for (let at = 0; at < encoded.length; at += step) {
          const piece = encoded.subarray(at, at + step);
          const breaks = lineBreaks(piece);
          const target = Buffer.alloc(maxDecoded(piece.length));
          parts.push(target.subarray(0, fast.decodeInto(piece, breaks.lf + breaks.cr, target, 0)));
        }
        fast.end();
        assert.equal(sha256(Buffer.concat(parts)), sha256(data), `${JSON.stringify(eol)} in steps of ${step}`);
      }
    }
  });
});
