/**
 * fast-check arbitraries for hostile input: strings and agency codes a careless or malicious client
 * might send, and raw protobuf built field by field (so strings can be invalid UTF-8, numbers
 * negative or 64-bit, wire types wrong, messages cut short).
 */
import fc from 'fast-check';

/** Strings that have broken parsers, databases and XML writers before. */
const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\uFEFF', 'Co\u0302ng va\u0306n', '\u202Eabc', '\u200B', '<edXML>', ']]>', '&amp;', '&#0;',
  "'; DROP TABLE messages;--", '%s%n%x', '../../etc/passwd', '\r\n\r\n', '\uD800', '\uDFFF', '\u{1F4A9}', 'ǅ', 'İ',
  'Công văn số 7816/VPCP-TTĐT', '000.00.24.H44', 'null', 'undefined', '__proto__', 'constructor',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('á', 'x', '\u0000', 'e\u0301', '\u{1F4A9}'), fc.integer({ min: 10, max: 200_000 })).map(([c, n]) => c.repeat(n)) },
);

export const VALID_CODES = ['000.00.24.H44', '000.47.24.H44', '000.00.00.H44', '000.46.24.H44', '000.00.00.G22', '000.00.00.H29', '000.99.24.H44', '001.46.24.H44'];

/** Agency codes: valid ones (known or not), near-misses, and anything. */
export const hostileCode: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALID_CODES) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '000.00.24.h44', ' 000.00.24.H44 ', '000.00.24.H44.', '00.00.24.H44', '000.00.24.H4', '000.46.00.H44', '000.00.24.144',
      'ÀÀÀ.00.24.H44', '000.00.24.Ｈ44', '000.00.24.H44\u0000', '000.00.24.H44\n000.00.00.G22', '...', '0.0.0.0', '000.00.24.H44\u0301',
    ),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9A-Z]{1,4}\.[0-9A-Z]{1,3}\.[0-9A-Z]{1,3}\.[A-Z0-9]{1,4}$/) },
  { weight: 1, arbitrary: hostileString },
);

/** A list of codes, sometimes with duplicates, sometimes long. */
export const hostileCodes: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 5, arbitrary: fc.array(hostileCode, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(hostileCode, { minLength: 1, maxLength: 3 }).map((a) => [...a, ...a]) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => `${String(i).padStart(3, '0')}.99.24.H44`)) },
);

export const hostileUint32: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.constantFrom(5, 255, 256, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
);

export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024, max: 6 * 1024 * 1024 }).map((n) => new Uint8Array(n).fill(0x41)) },
);

/* ---- raw protobuf ---- */

export function varint(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return Buffer.from(out);
}

/** One field: key (number, wire type) then its payload (a varint's value or length-delimited bytes). */
export function pbField(no: number, wire: number, payload: bigint | Uint8Array): Buffer {
  const key = varint((BigInt(no) << 3n) | BigInt(wire));
  if (typeof payload === 'bigint') {
    if (wire === 1) return Buffer.concat([key, Buffer.from(new BigUint64Array([BigInt.asUintN(64, payload)]).buffer)]);
    if (wire === 5) return Buffer.concat([key, Buffer.from(new Uint32Array([Number(BigInt.asUintN(32, payload))]).buffer)]);
    return Buffer.concat([key, varint(payload)]);
  }
  return Buffer.concat([key, varint(BigInt(payload.length)), payload]);
}

/** Bytes of a string field: UTF-8 of a hostile string, or bytes that are not UTF-8 at all. */
export const rawText: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: hostileString.map((s) => Buffer.from(s, 'utf8')) },
  { weight: 2, arbitrary: hostileCode.map((s) => Buffer.from(s, 'utf8')) },
  { weight: 2, arbitrary: fc.constantFrom(Buffer.from([0xc3]), Buffer.from([0xff, 0xfe]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from('000.00.24.H4\xc4', 'latin1')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
);

export const rawNumber: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n }),
  fc.constantFrom(-1n, -(2n ** 31n), 2n ** 32n, 2n ** 63n - 1n, 2n ** 64n - 1n),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
);

/** Field layout of a message: field number → 'text' | 'bytes' | 'number' | a nested layout. */
export interface Layout {
  [no: number]: 'text' | 'bytes' | 'number' | Layout;
}

/**
 * A raw encoding of a message with `layout`: known fields with hostile values, sometimes repeated,
 * sometimes with the wrong wire type, unknown fields, and sometimes cut short.
 */
export function rawMessage(layout: Layout, depth = 0): fc.Arbitrary<Buffer> {
  const nos = Object.keys(layout).map(Number);
  const unknownField = fc.tuple(fc.integer({ min: 1, max: 536_870_911 }), fc.constantFrom(0, 1, 2, 5), rawNumber, fc.uint8Array({ maxLength: 16 })).map(([no, w, n, b]) => pbField(no, w, w === 2 ? b : n));
  const one: fc.Arbitrary<Buffer> =
    nos.length === 0
      ? unknownField
      : fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...nos).chain((no) => rawFieldOf(no, layout[no]!, depth)) },
          { weight: 1, arbitrary: unknownField },
          { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...nos), fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7), rawNumber).map(([no, w, n]) => Buffer.concat([varint((BigInt(no) << 3n) | BigInt(w)), varint(n)])) },
        );
  return fc.tuple(fc.array(one, { maxLength: depth === 0 ? 12 : 4 }), fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() })).map(([fields, cut]) => {
    const all = Buffer.concat(fields);
    return cut === null || all.length === 0 ? all : all.subarray(0, cut % all.length);
  });
}

function rawFieldOf(no: number, kind: Layout[number], depth: number): fc.Arbitrary<Buffer> {
  if (kind === 'text') return rawText.map((b) => pbField(no, 2, b));
  if (kind === 'bytes') return hostileBytes.map((b) => pbField(no, 2, b));
  if (kind === 'number') return rawNumber.map((n) => pbField(no, 0, n));
  if (depth >= 3) return fc.constant(pbField(no, 2, Buffer.alloc(0)));
  return rawMessage(kind, depth + 1).map((b) => pbField(no, 2, b));
}

/* ---- layouts of the agency and admin requests (proto/lienthong/v1) ---- */

export const DOCUMENT_META: Layout = { 1: 'text', 2: 'text', 3: 'text', 4: 'text', 5: 'text', 6: 'text', 7: 'text', 8: 'text' };
export const SEND_REQUEST: Layout = { 1: 'text', 2: 'text', 3: 'number', 4: DOCUMENT_META, 5: 'bytes', 6: 'text', 7: 'number' };
export const SEND_STREAM_REQUEST: Layout = { 1: 'number', 2: SEND_REQUEST };
export const SEND_EDXML_REQUEST: Layout = { 1: { 1: 'text', 2: 'number', 3: 'text' }, 2: 'bytes' };
export const RECEIVE_REQUEST: Layout = { 1: 'text', 2: 'number', 3: 'number' };
export const ACKNOWLEDGE_REQUEST: Layout = { 1: 'text', 2: 'text' };
export const UPDATE_STATUS_REQUEST: Layout = { 1: 'text', 2: 'text', 3: 'text', 4: 'text' };
export const TRACE_REQUEST: Layout = { 1: 'text', 2: 'text' };
export const EXPORT_EDXML_REQUEST: Layout = { 1: 'text', 2: 'text' };
export const FETCH_ATTACHMENT_REQUEST: Layout = { 1: 'text', 2: 'text', 3: 'number', 4: 'text' };
