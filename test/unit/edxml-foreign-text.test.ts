/**
 * How other software writes the text of an edXML package, beyond the fixtures: large attachments in
 * every base64 layout seen (MIME lines with CRLF, Java's "&#13;" line ends, CDATA, one unwrapped
 * line, short lines with trailing blanks), line ends (CRLF, CR) wherever the input is cut, and the
 * forms dates and timestamps take.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import { parseEdxmlDate, parseEdxmlTimestamp } from '../../src/edxml/edxml-time.js';
import type { AttachmentSink, DocumentPackage } from '../../src/edxml/edxml-types.js';
import { inPieces } from '../helpers/edxml-blob-dir.js';

const FOREIGN = fileURLToPath(new URL('../../../test/fixtures/edxml/foreign/', import.meta.url));
const NOW = (): number => Date.UTC(2025, 6, 15, 3, 0, 0);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A sink that hashes each attachment in memory and records the size of every write. */
function hashingSink(): AttachmentSink & { writes: number[] } {
  const writes: number[] = [];
  return {
    writes,
    begin: () => {
      const hash = createHash('sha256');
      let size = 0;
      return {
        write: async (b) => {
          writes.push(b.length);
          hash.update(b);
          size += b.length;
        },
        finish: async () => ({ sha256: hash.digest('hex'), size }),
        abort: async () => undefined,
      };
    },
  };
}

const wrap = (b64: string, width: number, eol: string): string => b64.replace(new RegExp(`.{${width}}`, 'g'), `$&${eol}`);

describe('edXML from other software: a large attachment in each base64 layout', () => {
  const template = readFileSync(`${FOREIGN}jaxb-ns2.xml`, 'utf8');
  const open = template.indexOf('<ns2:ContentTransferEncoded>') + '<ns2:ContentTransferEncoded>'.length;
  const close = template.indexOf('</ns2:ContentTransferEncoded>');
  const file = randomBytes(3 * 1024 * 1024 + 7);
  const b64 = file.toString('base64');
  const LAYOUTS: Record<string, string> = {
    'MIME, 76 columns and CRLF (Java getMimeEncoder, .NET InsertLineBreaks)': wrap(b64, 76, '\r\n'),
    'Java DOM serialiser: "&#13;" and a newline after every 76 columns': wrap(b64, 76, '&#13;\n'),
    'inside CDATA, 76 columns and LF': `<![CDATA[${wrap(b64, 76, '\n')}]]>`,
    'one unwrapped line (.NET Convert.ToBase64String)': b64,
    '64 columns, indented, trailing blanks and tabs on each line': `\n${wrap(b64, 64, ' \t\n          ')}\n        `,
    'PHP chunk_split: 76 columns, CRLF, a CRLF at the end': `${wrap(b64, 76, '\r\n')}\r\n`,
  };
  for (const [layout, text] of Object.entries(LAYOUTS)) {
    it(`${layout}: the 3 MB file arrives whole, in writes of at most 1 MiB`, async () => {
      const pkgText = Buffer.from(template.slice(0, open) + text + template.slice(close));
      const sink = hashingSink();
      const pkg = (await parseEdxml(inPieces(pkgText, 64 * 1024), sink, { now: NOW })) as DocumentPackage;
      assert.equal(pkg.attachments[0]!.size, file.length);
      assert.equal(pkg.attachments[0]!.sha256, sha256(file));
      assert.ok(sink.writes.length >= 3, `${sink.writes.length} writes: not streamed`);
      assert.ok(Math.max(...sink.writes) <= 1024 * 1024, `a write of ${Math.max(...sink.writes)} bytes`);
    });
  }
});

describe('edXML from other software: line ends', () => {
  const lf = readFileSync(`${FOREIGN}template-cdata-comments.xml`, 'utf8');

  it('CRLF and a lone CR (old Mac) read as LF, however the input is cut', async () => {
    const want = await parseEdxml(inPieces(Buffer.from(lf), 4096), hashingSink(), { now: NOW });
    assert.match((want as DocumentPackage).header.content, /phối hợp:\n- cung cấp/);
    for (const eol of ['\r\n', '\r']) {
      const bytes = Buffer.from(lf.replace(/\n/g, eol));
      // Pieces of 2 and 5 bytes end on a CR now and then, with its LF in the next piece.
      for (const size of [2, 5, 65536]) {
        const got = await parseEdxml(inPieces(bytes, size), hashingSink(), { now: NOW });
        assert.deepEqual(got, want, `${JSON.stringify(eol)} in ${size}-byte pieces`);
      }
    }
  });

  it('a character reference &#13; stays a CR; a raw CR next to it is a line end', async () => {
    const text = lf.replace(
      /<Content>[\s\S]*?<\/Content>/,
      '<Content>dòng một&#13;\r\ndòng hai\r\rdòng bốn&#xD;năm</Content>',
    );
    const pkg = (await parseEdxml(inPieces(Buffer.from(text), 3), hashingSink(), { now: NOW })) as DocumentPackage;
    assert.equal(pkg.header.content, 'dòng một\r\ndòng hai\n\ndòng bốn\rnăm');
  });

  it('a line number in an error counts CRLF lines once', async () => {
    const text = lf.replace('<Place>Nghệ An</Place>', '<Place>Nghệ An</Plac>').replace(/\n/g, '\r\n');
    const lineOfError = lf.slice(0, lf.indexOf('<Place>Nghệ An</Place>')).split('\n').length;
    await assert.rejects(parseEdxml(inPieces(Buffer.from(text), 1000), hashingSink(), { now: NOW }), (err: Error) => {
      assert.match(err.message, new RegExp(`PromulgationInfo/Place: not well-formed XML at line:column ${lineOfError}:\\d+ \\(Unexpected close tag\\)$`));
      return true;
    });
  });
});

describe('edXML from other software: dates and timestamps', () => {
  it('a date with a time or a zone after it is the day it names in Vietnam', () => {
    const cases: [string, string | null][] = [
      ['2025/06/30', '2025-06-30'],
      ['2025-06-30', '2025-06-30'],
      ['30/06/2025', '2025-06-30'],
      // xs:date with a zone (JAXB): the day written.
      ['2025-06-30+07:00', '2025-06-30'],
      ['2025-06-30Z', '2025-06-30'],
      ['2025-06-30-05:00', '2025-06-30'],
      // A DateTime written whole: the day it is in Vietnam.
      ['2025-06-30T00:00:00', '2025-06-30'],
      ['2025/06/30 00:00:00', '2025-06-30'],
      ['2025-06-30T00:00:00+07:00', '2025-06-30'],
      ['2025-06-29T17:00:00Z', '2025-06-30'],
      ['2025-06-29T17:00:00.0000000Z', '2025-06-30'],
      ['2025-06-30T23:30:00-05:00', '2025-07-01'],
      // Refused: month first, impossible days and times, zones past ±14 h, words.
      ['06/30/2025', null],
      ['2025-02-29T00:00:00', null],
      ['2025-06-30T24:00:00', null],
      ['2025-06-30+15:00', null],
      ['30/06/2025 3:42:10 CH', null],
      ['ngày 30 tháng 6 năm 2025', null],
    ];
    for (const [text, want] of cases) assert.equal(parseEdxmlDate(text), want, text);
  });

  it('timestamps as vendors write them', () => {
    const at = Date.UTC(2025, 5, 30, 8, 42, 10);
    const cases: [string, number | null][] = [
      ['2025/06/30 15:42:10', at],
      ['2025-06-30T15:42:10', at],
      ['2025-06-30T15:42:10+07:00', at],
      ['2025-06-30T15:42:10.1234567+07:00', at + 123],
      ['2025-06-30T08:42:10Z', at],
      ['2025-06-30T08:42:10.000Z', at],
      ['2025-06-30 15:42:10 +0700', at],
      ['30/06/2025 15:42:10', at],
      ['6/30/2025 3:42:10 PM', null],
    ];
    for (const [text, want] of cases) assert.equal(parseEdxmlTimestamp(text), want, text);
  });

  it('a PromulgationDate written as a DateTime is checked against today in Vietnam like any date', async () => {
    const template = readFileSync(`${FOREIGN}dotnet-bom-crlf.xml`, 'utf8');
    const at = (date: string): Buffer =>
      Buffer.from(template.replace('<PromulgationDate>2025-07-01T00:00:00</PromulgationDate>', `<PromulgationDate>${date}</PromulgationDate>`));
    // 2025-07-15 23:30 UTC is already the 16th in Vietnam: a package dated the 16th is not in the future.
    const late = (): number => Date.UTC(2025, 6, 15, 23, 30);
    const pkg = (await parseEdxml(inPieces(at('2025-07-15T17:00:00Z'), 4096), hashingSink(), { now: late })) as DocumentPackage;
    assert.equal(pkg.header.promulgationDate, '2025-07-16');
    await assert.rejects(parseEdxml(inPieces(at('2025-07-17T00:00:00'), 4096), hashingSink(), { now: late }), (err: Error) => {
      assert.equal(
        err.message,
        'edXML/edXMLEnvelope/edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate: 2025-07-17 is in the future (today is 2025-07-16 in Vietnam)',
      );
      return true;
    });
  });
});
