import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDocument, checkPath, checkPriority, sha256Hex, type SendInput } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { derivedMessageId, isMessageId, newMessageId } from '../../src/domain/ids.js';
import { buildNonDelivery, buildStatus, checkStatusCode, STATUS_NAMES } from '../../src/domain/status-message.js';
import type { Envelope, Hop, Message, StatusCode } from '../../src/domain/types.js';

/** 10:00 in Hà Nội (03:00 UTC) on 15 January 2026. */
const NOW = Date.UTC(2026, 0, 15, 3, 0, 0);
const LIMITS = { maxDocumentBytes: 1024, expirySeconds: 7 * 86_400 };

function input(over: Partial<SendInput> = {}): SendInput {
  return {
    from: '000.00.00.G22',
    to: ['000.00.00.H44'],
    priority: 0,
    document: {
      codeNumber: '7816',
      codeNotation: 'VPCP-TTĐT',
      subject: 'Về việc triển khai trục liên thông văn bản quốc gia',
      promulgationDate: '2026-01-15',
    },
    body: Buffer.from('%PDF-1.7 công văn'),
    ...over,
  };
}

function refused(fn: () => unknown, code: string, ...patterns: RegExp[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LienthongError, `expected LienthongError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

describe('buildDocument: a valid document', () => {
  it('produces a complete document message', () => {
    const body = Buffer.from('%PDF-1.7 công văn');
    const m = buildDocument(input({ to: ['000.00.00.H44', '000.46.24.H44'], priority: 3, body }), LIMITS, NOW);
    assert.equal(m.kind, 'document');
    assert.equal(m.from, '000.00.00.G22');
    assert.deepEqual(m.to, ['000.00.00.H44', '000.46.24.H44']);
    assert.equal(m.priority, 3);
    assert.equal(m.createdAtMs, NOW);
    assert.equal(m.expiresAtMs, NOW + 7 * 86_400_000);
    assert.ok(isMessageId(m.id), `${m.id} is a UUID`);
    assert.equal(m.bodySha256, sha256Hex(body));
    assert.equal(m.bodySha256.length, 64);
    assert.deepEqual(m.body, body);
    assert.equal(m.document?.subject, 'Về việc triển khai trục liên thông văn bản quốc gia');
    assert.equal(m.document?.codeNotation, 'VPCP-TTĐT');
    assert.equal(m.document?.documentType, 'Công văn', 'default document type');
    assert.equal(m.document?.contentType, 'application/octet-stream', 'default content type');
  });

  it('normalises sender and recipient codes', () => {
    const m = buildDocument(input({ from: ' 000.00.00.G22\n', to: ['000.00.24.H44 '] }), LIMITS, NOW);
    assert.equal(m.from, '000.00.00.G22');
    assert.deepEqual(m.to, ['000.00.24.H44']);
  });

  it('gives two documents two different ids', () => {
    assert.notEqual(buildDocument(input(), LIMITS, NOW).id, buildDocument(input(), LIMITS, NOW).id);
  });

  it('defaults the promulgation date to the day it is sent', () => {
    const m = buildDocument(input({ document: { subject: 'Giấy mời họp' } }), LIMITS, NOW);
    assert.equal(m.document?.promulgationDate, '2026-01-15');
  });
});

describe('buildDocument: recipients', () => {
  const CASES: { to: string[]; code: string; patterns: RegExp[]; why: string }[] = [
    { to: [], code: 'INVALID_DOCUMENT', patterns: [/^to: needs at least one recipient/], why: 'none' },
    { to: ['000.00.00.H44', '000.00.00.H44'], code: 'INVALID_DOCUMENT', patterns: [/to: recipient 000\.00\.00\.H44 is listed twice/], why: 'duplicate' },
    { to: ['000.00.00.H44', ' 000.00.00.H44 '], code: 'INVALID_DOCUMENT', patterns: [/listed twice/], why: 'duplicate after normalisation' },
    { to: ['000.46.00.H44'], code: 'INVALID_AGENCY_CODE', patterns: [/000\.46\.00\.H44/, /Z1Z2/], why: 'invalid code' },
    { to: ['000.00.00.H44', '000.00.00.h29'], code: 'INVALID_AGENCY_CODE', patterns: [/MX1X2/], why: 'second one invalid' },
  ];
  for (const c of CASES) {
    it(`refuses ${JSON.stringify(c.to)} (${c.why})`, () => {
      refused(() => buildDocument(input({ to: c.to }), LIMITS, NOW), c.code, ...c.patterns);
    });
  }

  it('refuses an invalid sender', () => {
    refused(() => buildDocument(input({ from: '000.00.G22' }), LIMITS, NOW), 'INVALID_AGENCY_CODE', /000\.00\.G22/);
  });
});

describe('priority (độ khẩn)', () => {
  for (const p of [0, 1, 2, 3, 4]) {
    it(`accepts ${p}`, () => {
      assert.equal(checkPriority(p), p);
      assert.equal(buildDocument(input({ priority: p }), LIMITS, NOW).priority, p);
    });
  }
  for (const p of [-1, 5, 1.5, Number.NaN, 100]) {
    it(`refuses ${p}`, () => {
      refused(() => checkPriority(p), 'INVALID_DOCUMENT', /^priority: /, /outside 0–4/);
      refused(() => buildDocument(input({ priority: p }), LIMITS, NOW), 'INVALID_DOCUMENT', /priority/);
    });
  }
});

describe('buildDocument: document fields', () => {
  // Precomposed Vietnamese letters: one character, two or three bytes in UTF-8.
  const VIET = 'Đề nghị phối hợp triển khai hệ thống quản lý văn bản điện tử ở cấp xã phường. ';

  function subjectOf(n: number): string {
    return VIET.repeat(Math.ceil(n / VIET.length)).slice(0, n);
  }

  it('accepts a subject of 500 Vietnamese characters (more than 500 bytes)', () => {
    const subject = subjectOf(500).replace(/ $/, '.');
    assert.equal([...subject].length, 500);
    assert.ok(Buffer.byteLength(subject) > 600, 'diacritics take more than one byte each');
    const m = buildDocument(input({ document: { subject } }), LIMITS, NOW);
    assert.equal(m.document?.subject, subject);
  });

  it('refuses a file name that is a path (the recipient\'s software would save outside its folder), as SendEdxml does', () => {
    for (const fileName of ['../../etc/passwd', 'C:\\x.pdf', 'a/b.pdf', '..', '.']) {
      refused(() => buildDocument(input({ document: { subject: 's', fileName } }), LIMITS, NOW), 'INVALID_DOCUMENT', /^document\.fileName: is a path \(".*"\), not a file name/);
    }
    assert.equal(buildDocument(input({ document: { subject: 's', fileName: 'Báo cáo..v2.pdf' } }), LIMITS, NOW).document?.fileName, 'Báo cáo..v2.pdf');
  });

  it('refuses a subject of 501 characters, naming the field and the count', () => {
    const subject = subjectOf(501).replace(/ $/, '.');
    refused(
      () => buildDocument(input({ document: { subject } }), LIMITS, NOW),
      'INVALID_DOCUMENT',
      /document\.subject: is 501 characters, at most 500 allowed/,
    );
  });

  it('counts characters after NFC, so a decomposed 500-character subject is accepted', () => {
    const composed = subjectOf(500).replace(/ $/, '.');
    const decomposed = composed.normalize('NFD');
    assert.ok(decomposed.length > 500, 'NFD splits letters and their marks');
    const m = buildDocument(input({ document: { subject: decomposed } }), LIMITS, NOW);
    assert.equal(m.document?.subject, composed);
  });

  it('normalises every text field to NFC', () => {
    const subject = 'Thông báo kết luận của Thủ tướng Chính phủ';
    const m = buildDocument(
      input({
        document: {
          subject: subject.normalize('NFD'),
          codeNotation: 'TB-VPCP'.normalize('NFD'),
          documentType: 'Quyết định'.normalize('NFD'),
          fileName: 'Quyết định số 28.pdf'.normalize('NFD'),
          promulgationDate: '2026-01-14',
        },
      }),
      LIMITS,
      NOW,
    );
    assert.equal(m.document?.subject, subject);
    assert.notEqual(m.document?.subject, subject.normalize('NFD'));
    assert.equal(m.document?.documentType, 'Quyết định');
    assert.equal(m.document?.fileName, 'Quyết định số 28.pdf');
  });

  const FIELDS: { document: Record<string, string>; pattern: RegExp; why: string }[] = [
    { document: { subject: '   ' }, pattern: /document\.subject: is required/, why: 'blank subject' },
    { document: { subject: 'x', codeNumber: '123456789012' }, pattern: /document\.codeNumber: is 12 characters, at most 11/, why: 'CodeNumber > 11' },
    { document: { subject: 'x', codeNotation: 'Đ'.repeat(31) }, pattern: /document\.codeNotation: is 31 characters, at most 30/, why: 'CodeNotation > 30' },
    { document: { subject: 'x', fileName: `${'ả'.repeat(197)}.pdf` }, pattern: /document\.fileName: is 201 characters/, why: 'file name > 200' },
    { document: { subject: 'x', promulgationDate: '15/01/2026' }, pattern: /document\.promulgationDate: "15\/01\/2026" is not a date in the form YYYY-MM-DD/, why: 'Vietnamese date order' },
    { document: { subject: 'x', promulgationDate: '2026-13-01' }, pattern: /document\.promulgationDate: .* not a date/, why: 'month 13' },
    { document: { subject: 'x', dueDate: 'tomorrow' }, pattern: /document\.dueDate: .* not a date/, why: 'due date not a date' },
    { document: { subject: 'x', dueDate: '2026-01-14' }, pattern: /document\.dueDate: 2026-01-14 is before the promulgation date 2026-01-15: a document cannot be due before it is issued/, why: 'a due date in the past (promulgated today)' },
    { document: { subject: 'x', promulgationDate: '2026-01-10', dueDate: '2026-01-09' }, pattern: /document\.dueDate: 2026-01-09 is before the promulgation date 2026-01-10/, why: 'a due date before the promulgation date' },
  ];
  for (const f of FIELDS) {
    it(`refuses ${f.why}`, () => {
      refused(() => buildDocument(input({ document: f.document }), LIMITS, NOW), 'INVALID_DOCUMENT', f.pattern);
    });
  }

  it('refuses a day that does not exist in the month (30 February)', () => {
    // Date.parse('2026-02-30T00:00:00Z') rolls over to 2 March instead of failing.
    for (const d of ['2025-02-30', '2025-02-29', '2026-04-31']) {
      assert.throws(
        () => buildDocument(input({ document: { subject: 'x', promulgationDate: d } }), LIMITS, NOW),
        (err: unknown) => err instanceof LienthongError && err.code === 'INVALID_DOCUMENT' && /document\.promulgationDate/.test(err.message),
        `promulgation date ${d} does not exist but was accepted`,
      );
    }
    // A real leap day is fine.
    assert.equal(
      buildDocument(input({ document: { subject: 'x', promulgationDate: '2024-02-29' } }), LIMITS, NOW).document?.promulgationDate,
      '2024-02-29',
    );
  });
});

describe('buildDocument: promulgation date not in the future', () => {
  it('accepts a due date on or after the promulgation date, even one already past (a document sent late)', () => {
    const late = buildDocument(input({ document: { subject: 'x', promulgationDate: '2026-01-05', dueDate: '2026-01-10' } }), LIMITS, NOW);
    assert.equal(late.document?.dueDate, '2026-01-10');
    const sameDay = buildDocument(input({ document: { subject: 'x', dueDate: '2026-01-15' } }), LIMITS, NOW);
    assert.equal(sameDay.document?.dueDate, '2026-01-15');
  });

  it('accepts today and earlier days', () => {
    for (const d of ['2026-01-15', '2026-01-14', '2019-03-12']) {
      assert.equal(buildDocument(input({ document: { subject: 'x', promulgationDate: d } }), LIMITS, NOW).document?.promulgationDate, d);
    }
  });

  it('refuses tomorrow and later, saying so', () => {
    for (const d of ['2026-01-16', '2027-01-01']) {
      refused(
        () => buildDocument(input({ document: { subject: 'x', promulgationDate: d } }), LIMITS, NOW),
        'INVALID_DOCUMENT',
        new RegExp(`document\\.promulgationDate: ${d} is in the future`),
      );
    }
  });

  it('judges "today" by the calendar in Việt Nam (UTC+7), where the document was signed', () => {
    // 06:30 on 16 January in Hà Nội is still 15 January in UTC. A document signed that morning and
    // dated 16 January is not from the future.
    const earlyMorning = Date.UTC(2026, 0, 15, 23, 30, 0);
    const m = buildDocument(input({ document: { subject: 'x', promulgationDate: '2026-01-16' } }), LIMITS, earlyMorning);
    assert.equal(m.document?.promulgationDate, '2026-01-16');
    const undated = buildDocument(input({ document: { subject: 'x' } }), LIMITS, earlyMorning);
    assert.equal(undated.document?.promulgationDate, '2026-01-16', 'the default date is the Vietnamese calendar day');
  });

  it('refuses the next Vietnamese day late in the evening (UTC+7)', () => {
    // 17:00 on 15 January in Hà Nội: 16 January is tomorrow.
    const evening = Date.UTC(2026, 0, 15, 10, 0, 0);
    refused(
      () => buildDocument(input({ document: { subject: 'x', promulgationDate: '2026-01-16' } }), LIMITS, evening),
      'INVALID_DOCUMENT',
      /in the future/,
    );
  });
});

describe('buildDocument: size, message id and expiry', () => {
  it('accepts a body of exactly maxDocumentBytes', () => {
    const m = buildDocument(input({ body: Buffer.alloc(1024) }), LIMITS, NOW);
    assert.equal(m.body.length, 1024);
  });

  it('refuses a larger body with DOCUMENT_TOO_LARGE, naming the limit', () => {
    refused(
      () => buildDocument(input({ body: Buffer.alloc(1025) }), LIMITS, NOW),
      'DOCUMENT_TOO_LARGE',
      /1025 bytes/,
      /at most 1024/,
      /limits\.maxDocumentBytes/,
    );
  });

  it('keeps a client message id that is a UUID, lower-cased', () => {
    const id = '0190F3A2-7B1C-7D2E-8F00-1234567890AB';
    const m = buildDocument(input({ messageId: id }), LIMITS, NOW);
    assert.equal(m.id, id.toLowerCase());
  });

  for (const bad of ['not-a-uuid', '12345', '0190f3a2-7b1c-7d2e-8f00-1234567890a', '0190f3a27b1c7d2e8f001234567890ab', '{0190f3a2-7b1c-7d2e-8f00-1234567890ab}']) {
    it(`refuses the client message id ${JSON.stringify(bad)}`, () => {
      refused(() => buildDocument(input({ messageId: bad }), LIMITS, NOW), 'INVALID_DOCUMENT', /^messageId: /, /is not a UUID/);
    });
  }

  const EXPIRY: { asked: number | undefined; seconds: number; why: string }[] = [
    { asked: undefined, seconds: 7 * 86_400, why: 'not asked: the node limit' },
    { asked: 0, seconds: 7 * 86_400, why: '0 (proto default): the node limit' },
    { asked: 3_600, seconds: 3_600, why: 'shorter than the limit: kept' },
    { asked: 7 * 86_400, seconds: 7 * 86_400, why: 'the limit itself: kept' },
  ];
  for (const e of EXPIRY) {
    it(`expiry ${e.asked ?? 'absent'} → ${e.seconds} s (${e.why})`, () => {
      const over: Partial<SendInput> = e.asked === undefined ? {} : { expirySeconds: e.asked };
      const m = buildDocument(input(over), LIMITS, NOW);
      assert.equal(m.expiresAtMs - m.createdAtMs, e.seconds * 1000);
    });
  }

  it('refuses an expiry longer than the node limit, naming the limit, instead of shortening it', () => {
    refused(
      () => buildDocument(input({ expirySeconds: 99 * 86_400 }), LIMITS, NOW),
      'INVALID_DOCUMENT',
      /^expirySeconds: 99d is longer than this node keeps a document, at most 7d \(limits\.expiry\)/,
      /ask for 7d or less/,
    );
    refused(() => buildDocument(input({ expirySeconds: 7 * 86_400 + 1 }), LIMITS, NOW), 'INVALID_DOCUMENT', /604801s is longer/);
  });
});

describe('checkPath', () => {
  const hops = (...codes: string[]): Hop[] => codes.map((nodeCode, i) => ({ nodeCode, atMs: NOW + i }));

  it('accepts a path without this node and below the hop limit', () => {
    assert.doesNotThrow(() => checkPath(hops('000.46.24.H44', '000.00.24.H44', '000.00.00.H44'), '000.00.00.G22', 32));
    assert.doesNotThrow(() => checkPath([], '000.00.00.G22', 2));
  });

  it('refuses a path that already went through this node: ROUTING_LOOP', () => {
    refused(
      () => checkPath(hops('000.00.24.H44', '000.00.00.H44', '000.00.24.H44'), '000.00.00.H44', 32),
      'ROUTING_LOOP',
      /node 000\.00\.00\.H44 is already on the path 000\.00\.24\.H44 → 000\.00\.00\.H44 → 000\.00\.24\.H44/,
    );
  });

  it('refuses at the hop limit: HOP_LIMIT', () => {
    const path = hops('000.00.01.G12', '000.00.02.G12', '000.00.03.G12', '000.00.04.G12');
    assert.doesNotThrow(() => checkPath(path, '000.00.00.G22', 5));
    refused(() => checkPath(path, '000.00.00.G22', 4), 'HOP_LIMIT', /hop limit 4 reached at node 000\.00\.00\.G22/, /limits\.maxHops/);
  });

  it('reports the loop, not the hop limit, when both apply', () => {
    refused(() => checkPath(hops('000.00.00.G22', '000.00.00.G12'), '000.00.00.G22', 2), 'ROUTING_LOOP');
  });
});

describe('ids', () => {
  it('new ids are UUIDs and distinct', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newMessageId()));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.ok(isMessageId(id), id);
  });

  it('derived ids are deterministic UUIDs of version 8', () => {
    const a = derivedMessageId('m1', 'status', '01');
    assert.equal(a, derivedMessageId('m1', 'status', '01'));
    assert.ok(isMessageId(a));
    assert.equal(a[14], '8', 'version nibble');
    assert.match(a[19]!, /[89ab]/, 'RFC 4122 variant');
    assert.notEqual(a, derivedMessageId('m1', 'status', '02'));
  });

  it('derived ids do not collide when parts are split differently', () => {
    assert.notEqual(derivedMessageId('ab', 'c'), derivedMessageId('a', 'bc'));
  });

  const UUIDS: { value: string; ok: boolean }[] = [
    { value: '0190f3a2-7b1c-7d2e-8f00-1234567890ab', ok: true },
    { value: '0190F3A2-7B1C-7D2E-8F00-1234567890AB', ok: false },
    { value: '0190f3a2-7b1c-7d2e-8f00-1234567890ag', ok: false },
    { value: '', ok: false },
  ];
  for (const u of UUIDS) {
    it(`isMessageId(${JSON.stringify(u.value)}) is ${u.ok} (ids are stored lower-case)`, () => {
      assert.equal(isMessageId(u.value), u.ok);
    });
  }
});

describe('status messages', () => {
  const doc: Message = buildDocument(input({ to: ['000.00.00.H44', '000.00.00.H29'] }), LIMITS, NOW);
  const base = {
    about: doc as Envelope,
    code: '01' as StatusCode,
    reporter: '000.00.00.H44',
    to: '000.00.00.G22',
    recipient: '000.00.00.H44',
    reason: '',
    nowMs: NOW + 1_000,
    expirySeconds: 86_400,
  };

  it('builds a status back to the sender', () => {
    const s = buildStatus({ ...base, code: '02', reason: 'Gửi nhầm đơn vị'.normalize('NFD') });
    assert.equal(s.kind, 'status');
    assert.equal(s.from, '000.00.00.H44');
    assert.deepEqual(s.to, ['000.00.00.G22']);
    assert.equal(s.priority, doc.priority, 'a status travels at the priority of its document');
    assert.equal(s.expiresAtMs, NOW + 1_000 + 86_400_000);
    assert.equal(s.status?.refMessageId, doc.id);
    assert.equal(s.status?.code, '02');
    assert.equal(s.status?.reason, 'Gửi nhầm đơn vị', 'reason normalised to NFC');
    assert.equal(s.body.length, 0);
    assert.ok(isMessageId(s.id));
  });

  it('gives the same id to the same status produced twice, even at another time', () => {
    assert.equal(buildStatus(base).id, buildStatus({ ...base, nowMs: NOW + 60_000, reason: 'again' }).id);
  });

  const VARY: { field: string; change: Partial<typeof base> }[] = [
    { field: 'code', change: { code: '03' } },
    { field: 'reporter', change: { reporter: '000.00.01.H44' } },
    { field: 'to', change: { to: '000.00.00.H29' } },
    { field: 'recipient', change: { recipient: '000.00.00.H29' } },
    { field: 'document', change: { about: { ...doc, id: newMessageId() } } },
  ];
  for (const v of VARY) {
    it(`gives a different id when the ${v.field} differs`, () => {
      assert.notEqual(buildStatus(base).id, buildStatus({ ...base, ...v.change }).id);
    });
  }

  it('builds one non-delivery report per recipient, back to the sender', () => {
    const ndrs = buildNonDelivery(doc, ['000.00.00.H44', '000.00.00.H29'], 'UNKNOWN_RECIPIENT', 'không có tuyến', '000.00.00.G22', NOW, 86_400);
    assert.equal(ndrs.length, 2);
    for (const [i, r] of ['000.00.00.H44', '000.00.00.H29'].entries()) {
      const n = ndrs[i]!;
      assert.equal(n.kind, 'status');
      assert.equal(n.status?.code, 'NON_DELIVERY');
      assert.equal(n.status?.recipient, r);
      assert.equal(n.status?.errorCode, 'UNKNOWN_RECIPIENT');
      assert.equal(n.status?.nodeCode, '000.00.00.G22');
      assert.equal(n.status?.refMessageId, doc.id);
      assert.deepEqual(n.to, [doc.from]);
      assert.equal(n.from, '000.00.00.G22');
    }
    assert.notEqual(ndrs[0]!.id, ndrs[1]!.id);
    const again = buildNonDelivery(doc, ['000.00.00.H44', '000.00.00.H29'], 'EXPIRED', 'other reason', '000.00.00.G22', NOW + 5, 86_400);
    assert.deepEqual(again.map((m) => m.id), ndrs.map((m) => m.id), 'a report produced twice is the same message');
  });

  it('never reports on a status message (no report storms)', () => {
    const status = buildStatus(base);
    assert.deepEqual(buildNonDelivery(status, ['000.00.00.G22'], 'UNKNOWN_RECIPIENT', 'x', '000.00.00.H44', NOW, 60), []);
  });

  for (const code of ['01', '02', '03', '04', '05', '06', '13', '15', '16']) {
    it(`checkStatusCode accepts ${code} (${STATUS_NAMES[code as StatusCode]})`, () => {
      assert.equal(checkStatusCode(code), code);
    });
  }
  for (const code of ['07', '00', '14', '1', 'NON_DELIVERY', '', 'toString', '__proto__']) {
    it(`checkStatusCode refuses ${JSON.stringify(code)}`, () => {
      refused(() => checkStatusCode(code), 'INVALID_ARGUMENT', new RegExp(`"${code}" is not one of 01, 02`));
    });
  }
});

describe('buildDocument: text an edXML package cannot carry', () => {
  for (const [what, subject] of [['a C0 control', 'Về việc\u0001'], ['U+FFFF', 'Kế hoạch\uFFFF'], ['a lone surrogate', 'Báo cáo\uD800']] as const) {
    it(`refuses ${what} in the subject, naming the field and the character`, () => {
      assert.throws(
        () => buildDocument({ from: '000.00.24.H44', to: ['000.00.00.H44'], priority: 0, document: { subject }, body: Buffer.alloc(0) }, { maxDocumentBytes: 1e6, expirySeconds: 60 }, Date.now()),
        (err: unknown) => err instanceof LienthongError && err.code === 'INVALID_DOCUMENT' && /document\.subject: holds U\+[0-9A-F]{4}/.test(err.message),
      );
    });
  }
  it('keeps tabs and line breaks', () => {
    const m = buildDocument({ from: '000.00.24.H44', to: ['000.00.00.H44'], priority: 0, document: { subject: 'Dòng 1\n\tDòng 2' }, body: Buffer.alloc(0) }, { maxDocumentBytes: 1e6, expirySeconds: 60 }, Date.now());
    assert.equal(m.document!.subject, 'Dòng 1\n\tDòng 2');
  });
});
