import assert from 'node:assert/strict';
import { agenciesOutsideSubtree, childrenOutsideSubtree } from '../../src/node/config-routes.js';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LienthongError } from '../../src/domain/errors.js';
import { resolveRoute } from '../../src/domain/route-table.js';
import { buildConfig, loadConfig, type LoadedConfig } from '../../src/node/config-load.js';
import { configuredPeers, routeTableFromConfig } from '../../src/node/config-routes.js';
import { configSchema } from '../../src/node/config-schema.js';

const FILE = '/etc/lienthong/district.yaml';
const DAY = 86_400_000;

/** A minimal valid district node, as parsed from YAML. */
function raw(): Record<string, any> {
  return {
    node: { code: '000.00.24.H44', listen: '127.0.0.1:7740', dataDir: 'data/district' },
    parent: { code: '000.00.00.H44', address: '127.0.0.1:7720' },
    children: [{ code: '000.46.24.H44' }],
    agencies: ['000.00.24.H44'],
    tls: { ca: 'pki/ca.crt', cert: 'pki/node-000.00.24.H44.crt', key: 'pki/node-000.00.24.H44.key' },
  };
}

function with_(patch: (r: Record<string, any>) => void): Record<string, any> {
  const r = raw();
  patch(r);
  return r;
}

function invalid(input: unknown, ...patterns: RegExp[]): void {
  assert.throws(
    () => buildConfig(input, FILE),
    (err: unknown) => {
      assert.ok(err instanceof LienthongError, `expected LienthongError, got ${String(err)}`);
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, /configuration \/etc\/lienthong\/district\.yaml is invalid/);
      for (const p of patterns) assert.match(err.message, p);
      return true;
    },
  );
}

describe('config: defaults', () => {
  it('fills every default, in milliseconds and bytes', () => {
    const c = buildConfig(raw(), FILE);
    assert.deepEqual(c.limits, {
      maxDocumentBytes: 1024 ** 3,
      maxBodyBytes: 8 * 1024 ** 2,
      expiry: 7 * DAY,
      maxHops: 32,
      linkWindow: 512,
      maxStoreBytes: 0,
      retention: 30 * DAY,
      attachmentRetention: DAY,
    });
    assert.equal(c.limits.expiry, 604_800_000);
    assert.deepEqual(c.retry, { base: 1_000, max: 300_000 });
    assert.deepEqual(c.reconnect, { base: 250, max: 10_000 });
    assert.deepEqual(c.check, { linkDownAfter: 300_000, backlogAge: 3_600_000, certificateWarning: 30 * DAY });
    assert.deepEqual(c.log, { level: 'info' });
    assert.deepEqual(c.laterals, []);
    assert.deepEqual(c.routes, []);
  });

  it('the schema alone applies the same defaults and leaves paths as written', () => {
    const parsed = configSchema.parse(raw());
    assert.equal(parsed.node.dataDir, 'data/district');
    assert.equal(parsed.tls.ca, 'pki/ca.crt');
    assert.deepEqual(parsed.limits, buildConfig(raw(), FILE).limits);
  });

  it('names the environment variable or flag that set a bad value, not only the file', () => {
    assert.throws(() => buildConfig(raw(), FILE, {}, { LIENTHONG_LOG_LEVEL: 'loud' }), /log\.level: .*\(set by LIENTHONG_LOG_LEVEL, which overrides the file\)/);
    assert.throws(() => buildConfig(raw(), FILE, { listen: '127.0.0.1:99999' }), /node\.listen: .*\(set by --listen, which overrides the file\)/);
    assert.throws(
      () => buildConfig(with_((r) => (r.node.listen = '127.0.0.1:99999')), FILE),
      (err: Error) => /node\.listen: /.test(err.message) && !/set by/.test(err.message),
      'a bad value in the file is the file\'s',
    );
  });

  it('defaults the lists at the root node', () => {
    const c = buildConfig(
      { node: { code: '000.00.00.G22', listen: '127.0.0.1:7700', dataDir: 'data' }, tls: { ca: 'a', cert: 'b', key: 'c' } },
      FILE,
    );
    assert.equal(c.parent, undefined);
    assert.deepEqual(c.children, []);
    assert.deepEqual(c.agencies, []);
  });

  it('normalises agency codes everywhere', () => {
    const c = buildConfig(
      with_((r) => {
        r.node.code = ' 000.00.24.H44 ';
        r.agencies = ['000.00.24.H44\n'];
        r.children = [{ code: '000.46.24.H44 ', subtrees: [' 000.46.24.H44'] }];
      }),
      FILE,
    );
    assert.equal(c.node.code, '000.00.24.H44');
    assert.deepEqual(c.agencies, ['000.00.24.H44']);
    assert.deepEqual(c.children, [{ code: '000.46.24.H44', subtrees: ['000.46.24.H44'] }]);
  });
});

describe('config: durations', () => {
  const OK: { value: unknown; ms: number }[] = [
    { value: '500ms', ms: 500 },
    { value: '30s', ms: 30_000 },
    { value: '10m', ms: 600_000 },
    { value: '12h', ms: 43_200_000 },
    { value: '7d', ms: 604_800_000 },
    { value: '1.5s', ms: 1_500 },
    { value: ' 2 h ', ms: 7_200_000 },
    { value: 45, ms: 45_000 },
  ];
  for (const d of OK) {
    it(`${JSON.stringify(d.value)} → ${d.ms} ms`, () => {
      const c = buildConfig(with_((r) => (r.reconnect = { max: d.value })), FILE);
      assert.equal(c.reconnect.max, d.ms);
    });
  }
  const BAD: unknown[] = ['7 days', '1w', '-1s', 'soon', '', -5, true];
  for (const value of BAD) {
    it(`refuses ${JSON.stringify(value)} with the key path`, () => {
      invalid(with_((r) => (r.retry = { max: value })), /retry\.max: /);
    });
  }
});

describe('config: each duration has a minimum', () => {
  // key, the shortest accepted, refused values, and the refusal after the key's path.
  const KEYS: { key: string; min: string; minMs: number; bad: unknown[]; message: string }[] = [
    { key: 'limits.expiry', min: '1s', minMs: 1_000, bad: [0, '0s', '999ms', 0.5, -5], message: 'give a duration of at least 1s, such as 30m or 2d' },
    { key: 'limits.attachmentRetention', min: '1m', minMs: 60_000, bad: [0, '59s'], message: 'give a duration of at least 1m, such as 1h or 1d' },
    { key: 'retry.base', min: '10ms', minMs: 10, bad: [0, '0ms', '9ms'], message: 'give a duration of at least 10ms, such as 500ms or 1s' },
    { key: 'retry.max', min: '10ms', minMs: 10, bad: [0, '5ms'], message: 'give a duration of at least 10ms, such as 1m or 5m' },
    { key: 'reconnect.base', min: '10ms', minMs: 10, bad: [0, '1ms'], message: 'give a duration of at least 10ms, such as 250ms or 1s' },
    { key: 'reconnect.max', min: '10ms', minMs: 10, bad: [0, '9ms'], message: 'give a duration of at least 10ms, such as 10s or 1m' },
    { key: 'check.linkDownAfter', min: '1s', minMs: 1_000, bad: [0, '0s', '500ms'], message: 'give a duration of at least 1s, such as 5m or 1h' },
    { key: 'check.backlogAge', min: '1s', minMs: 1_000, bad: [0, '999ms'], message: 'give a duration of at least 1s, such as 1h or 12h' },
    { key: 'check.certificateWarning', min: '1s', minMs: 1_000, bad: [0, '0d'], message: 'give a duration of at least 1s, such as 30d or 60d' },
  ];
  const set = (key: string, value: unknown) =>
    with_((r) => {
      const [section, name] = key.split('.') as [string, string];
      r[section] = { [name]: value };
      // The minimum of a base is checked on its own, not against the default max.
      if (name === 'base') r[section].max = '1h';
      if (name === 'max') r[section].base = '10ms';
    });
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const k of KEYS) {
    for (const value of k.bad) {
      it(`refuses ${k.key}: ${JSON.stringify(value)}, naming the key and the minimum`, () => {
        invalid(set(k.key, value), new RegExp(`\n  ${escape(k.key)}: ${escape(JSON.stringify(value))} is too short: ${escape(k.message)}\n`));
      });
    }
    it(`accepts ${k.key}: ${k.min}`, () => {
      const c = buildConfig(set(k.key, k.min), FILE) as unknown as Record<string, Record<string, number>>;
      const [section, name] = k.key.split('.') as [string, string];
      assert.equal(c[section]![name], k.minMs);
    });
  }

  it('limits.expiry 0 is refused however it is written, with one line', () => {
    assert.throws(
      () => buildConfig(with_((r) => (r.limits = { expiry: 0 })), FILE),
      (err: Error) => err.message.split('\n').filter((l) => l.startsWith('  ')).length === 1 && /limits\.expiry: 0 is too short/.test(err.message),
    );
  });
});

describe('config: limits.retention keeps a message at least as long as a copy may arrive', () => {
  it('refuses a retention shorter than limits.expiry, naming both and the minimum', () => {
    invalid(
      with_((r) => (r.limits = { expiry: '7d', retention: '1d' })),
      /limits\.retention 1d is shorter than limits\.expiry 7d: .*a copy resent within its expiry is delivered again; give limits\.retention at least 7d \(and, where other nodes keep copies longer, at least their limits\.expiry\)/,
    );
    invalid(with_((r) => (r.limits = { retention: '12h' })), /limits\.retention 12h is shorter than limits\.expiry 7d/); // the default expiry counts
    invalid(with_((r) => (r.limits = { retention: 0 })), /limits\.retention 0s is shorter than limits\.expiry 7d/);
    invalid(with_((r) => (r.limits = { expiry: '40d' })), /limits\.retention 30d \(its default\) is shorter than limits\.expiry 40d/);
    invalid(with_((r) => (r.limits = { expiry: '90m', retention: '3599s' })), /limits\.retention 3599s is shorter than limits\.expiry 90m/);
  });

  it('accepts a retention equal to limits.expiry or longer', () => {
    assert.equal(buildConfig(with_((r) => (r.limits = { expiry: '2d', retention: '2d' })), FILE).limits.retention, 2 * DAY);
    assert.equal(buildConfig(with_((r) => (r.limits = { expiry: '1s', retention: '1s' })), FILE).limits.retention, 1_000);
    assert.equal(buildConfig(with_((r) => (r.limits = { expiry: '14d', retention: '90d' })), FILE).limits.retention, 90 * DAY);
  });
});

describe('config: a backoff\'s max is at least its base', () => {
  it('refuses reconnect.max below reconnect.base, naming both keys and values', () => {
    invalid(
      with_((r) => (r.reconnect = { max: '10ms' })),
      /\n {2}reconnect\.max 10ms is shorter than reconnect\.base 250ms: the delay starts at base and doubles up to max; give reconnect\.max at least 250ms, or a shorter reconnect\.base$/,
    );
    invalid(with_((r) => (r.reconnect = { base: '30s', max: '10s' })), /reconnect\.max 10s is shorter than reconnect\.base 30s/);
  });

  it('refuses retry.max below retry.base, naming both keys and values', () => {
    invalid(with_((r) => (r.retry = { base: '5m', max: '1m' })), /\n {2}retry\.max 1m is shorter than retry\.base 5m: .*give retry\.max at least 5m, or a shorter retry\.base$/);
    invalid(with_((r) => (r.retry = { max: '500ms' })), /retry\.max 500ms is shorter than retry\.base 1s/);
    invalid(with_((r) => (r.retry = { base: '10m' })), /retry\.max 5m is shorter than retry\.base 10m/);
  });

  it('accepts a max equal to its base (a constant delay)', () => {
    const c = buildConfig(with_((r) => ((r.retry = { base: '2s', max: '2s' }), (r.reconnect = { base: '1s', max: '1s' }))), FILE);
    assert.deepEqual([c.retry, c.reconnect], [{ base: 2_000, max: 2_000 }, { base: 1_000, max: 1_000 }]);
  });
});

describe('config: durations that no timer or clock can hold are refused', () => {
  it('refuses what is not finite, and longer than a timer holds or than any key takes', () => {
    invalid(with_((r) => (r.limits = { expiry: Infinity })), /limits\.expiry: "Infinity" is not a duration such as 30s/);
    invalid(with_((r) => (r.limits = { expiry: NaN })), /limits\.expiry: "NaN" is not a duration such as 30s/);
    invalid(with_((r) => (r.reconnect = { base: '100d', max: '100d' })), /reconnect\.base: "100d" is too long: give a duration of at most 24d/);
    invalid(with_((r) => (r.retry = { base: '1s', max: '25d' })), /retry\.max: "25d" is too long: give a duration of at most 24d/);
    invalid(with_((r) => (r.limits = { expiry: '4000d', retention: '4000d' })), /limits\.expiry: "4000d" is too long: give a duration of at most 3650d/);
    assert.equal(buildConfig(with_((r) => (r.reconnect = { base: '1s', max: '24d' })), FILE).reconnect.max, 24 * 86_400_000);
  });
});

describe('config: sizes that would refuse everything are refused', () => {
  it('refuses a store limit under 1 MiB (0 keeps its meaning: the disk only) and a document limit under 1 KiB', () => {
    invalid(with_((r) => (r.limits = { maxStoreBytes: '8KB' })), /limits\.maxStoreBytes: "8KB" is too small: give at least 1MiB \(or 0 for no limit besides the disk/);
    invalid(with_((r) => (r.limits = { maxDocumentBytes: 0 })), /limits\.maxDocumentBytes: must be more than 0/);
    invalid(with_((r) => (r.limits = { maxDocumentBytes: '512B' })), /limits\.maxDocumentBytes: "512B" is too small: give at least 1KiB/);
    assert.equal(buildConfig(with_((r) => (r.limits = { maxStoreBytes: 0 })), FILE).limits.maxStoreBytes, 0);
    assert.equal(buildConfig(with_((r) => (r.limits = { maxStoreBytes: '1MiB', maxBodyBytes: 0 })), FILE).limits.maxBodyBytes, 0, 'every file as an attachment');
  });
});

describe('config: a bad address gives one message', () => {
  const FORM = 'is not host:port: give one such as 127.0.0.1:7701';
  const CASES: { key: string; value: string; message: string }[] = [
    { key: 'node.listen', value: 'nohost', message: FORM },
    { key: 'node.listen', value: '127.0.0.1', message: FORM },
    { key: 'node.listen', value: '127.0.0.1:', message: FORM },
    { key: 'node.listen', value: '127.0.0.1:http', message: FORM },
    { key: 'parent.address', value: '127.0.0.1', message: FORM },
    { key: 'parent.address', value: '[::1]', message: FORM },
    { key: 'parent.address', value: 'https://10.0.0.1:7720', message: FORM },
    { key: 'laterals.0.address', value: 'peer-host', message: FORM },
    { key: 'http.listen', value: 'localhost', message: FORM },
    { key: 'node.listen', value: '127.0.0.1:123456', message: 'port 123456 is out of range: give a port from 0 to 65535, e.g. 127.0.0.1:7701' },
    { key: 'http.listen', value: '127.0.0.1:65536', message: 'port 65536 is out of range: give a port from 0 to 65535, e.g. 127.0.0.1:7701' },
    { key: 'parent.address', value: '127.0.0.1:0', message: 'port 0 is out of range: give a port from 1 to 65535, e.g. 127.0.0.1:7701' },
    { key: 'laterals.0.address', value: '[::1]:99999', message: 'port 99999 is out of range: give a port from 1 to 65535, e.g. 127.0.0.1:7701' },
  ];
  const set = (key: string, value: string) =>
    with_((r) => {
      if (key === 'node.listen') r.node.listen = value;
      else if (key === 'parent.address') r.parent.address = value;
      else if (key === 'http.listen') r.http = { listen: value };
      else r.laterals = [{ code: '000.00.25.H44', address: value }];
    });
  for (const c of CASES) {
    it(`${c.key}: ${c.value} → ${c.message.split(':')[0].slice(0, 30)}`, () => {
      assert.throws(
        () => buildConfig(set(c.key, c.value), FILE),
        (err: Error) => {
          const issues = err.message.split('\n').filter((l) => l.startsWith('  '));
          assert.deepEqual(issues, [c.message === FORM ? `  ${c.key}: ${JSON.stringify(c.value)} ${FORM}` : `  ${c.key}: ${c.message}`]);
          return true;
        },
      );
    });
  }

  it('port 0 is accepted where the node listens (it picks a free port), and every port up to 65535', () => {
    const c = buildConfig(set('node.listen', '0.0.0.0:0'), FILE);
    assert.equal(c.node.listen, '0.0.0.0:0');
    assert.equal(buildConfig(set('http.listen', '127.0.0.1:0'), FILE).http.listen, '127.0.0.1:0');
    assert.equal(buildConfig(set('parent.address', '[::1]:65535'), FILE).parent!.address, '[::1]:65535');
    assert.equal(buildConfig(set('laterals.0.address', 'peer.example.vn:1'), FILE).laterals[0]!.address, 'peer.example.vn:1');
  });
});

describe('config: sizes', () => {
  const OK: { value: unknown; bytes: number }[] = [
    { value: '16MiB', bytes: 16_777_216 },
    { value: '512KiB', bytes: 524_288 },
    { value: '2GiB', bytes: 2_147_483_648 },
    { value: '1.5KiB', bytes: 1_536 },
    { value: '100MB', bytes: 100_000_000 },
    { value: '10 KB', bytes: 10_000 },
    { value: '3000B', bytes: 3000 },
    { value: 4096, bytes: 4096 },
  ];
  for (const s of OK) {
    it(`${JSON.stringify(s.value)} → ${s.bytes} bytes`, () => {
      const c = buildConfig(with_((r) => (r.limits = { maxDocumentBytes: s.value })), FILE);
      assert.equal(c.limits.maxDocumentBytes, s.bytes);
    });
  }
  it('limits.maxBodyBytes: up to 64MiB (a body is held whole in one gRPC message at every node); more is refused saying why', () => {
    assert.equal(buildConfig(with_((r) => (r.limits = { maxBodyBytes: '64MiB' })), FILE).limits.maxBodyBytes, 64 * 1024 ** 2);
    assert.equal(buildConfig(with_((r) => (r.limits = { maxBodyBytes: '300B' })), FILE).limits.maxBodyBytes, 300);
    invalid(with_((r) => (r.limits = { maxBodyBytes: '65MiB' })), /limits\.maxBodyBytes: "65MiB" is too large: give at most 64MiB \(a body travels whole in one gRPC message, held in memory at every node on its way; send larger files as attachments\)/);
  });
  const BAD: unknown[] = ['16mb', '1TB', 'big', 1.5, -1];
  for (const value of BAD) {
    it(`refuses ${JSON.stringify(value)} with the key path`, () => {
      invalid(with_((r) => (r.limits = { maxStoreBytes: value })), /limits\.maxStoreBytes: /);
    });
  }
});

describe('config: refused input names the key', () => {
  const CASES: { why: string; patch: (r: Record<string, any>) => void; patterns: RegExp[] }[] = [
    { why: 'misspelt parent key', patch: (r) => (r.parent = { code: '000.00.00.H44', adress: '127.0.0.1:7720' }), patterns: [/parent\.adress: unknown key/, /parent\.address: /] },
    { why: 'unknown limit', patch: (r) => (r.limits = { foo: 1 }), patterns: [/limits\.foo: unknown key/] },
    { why: 'unknown top-level key', patch: (r) => (r.nodes = []), patterns: [/\n {2}nodes: unknown key/] },
    { why: 'unknown key inside a list item', patch: (r) => (r.children = [{ code: '000.46.24.H44', subtree: [] }]), patterns: [/children\.0\.subtree: unknown key/] },
    { why: 'unknown lateral key', patch: (r) => (r.laterals = [{ code: '000.00.25.H44', allowSender: [] }]), patterns: [/laterals\.0\.allowSender: unknown key/] },
    { why: 'two unknown keys', patch: (r) => (r.log = { level: 'info', format: 'json', colour: true }), patterns: [/log\.format, log\.colour: unknown key/] },
    { why: 'invalid node code', patch: (r) => (r.node.code = '000.46.00.H44'), patterns: [/node\.code: invalid agency code "000\.46\.00\.H44"/, /Z1Z2/] },
    { why: 'invalid parent code', patch: (r) => (r.parent.code = '000.00.00.h44'), patterns: [/parent\.code: invalid agency code/, /MX1X2/] },
    { why: 'invalid child code', patch: (r) => r.children.push({ code: '00.46.24.H44' }), patterns: [/children\.1\.code: invalid agency code/, /V1V2V3/] },
    { why: 'invalid child subtree', patch: (r) => (r.children = [{ code: '000.46.24.H44', subtrees: ['000.46.24'] }]), patterns: [/children\.0\.subtrees\.0: invalid agency code/] },
    { why: 'invalid agency', patch: (r) => (r.agencies = ['000.00.24.H44', '000.00.24']), patterns: [/agencies\.1: invalid agency code "000\.00\.24"/] },
    { why: 'invalid route prefix', patch: (r) => (r.routes = [{ prefix: 'H44', via: '000.00.00.H44' }]), patterns: [/routes\.0\.prefix: invalid agency code/] },
    { why: 'listen without a port', patch: (r) => (r.node.listen = 'localhost'), patterns: [/node\.listen: "localhost" is not host:port/] },
    { why: 'listen on a port past 65535', patch: (r) => (r.node.listen = '127.0.0.1:99999'), patterns: [/node\.listen: port 99999 is out of range: give a port from 0 to 65535/] },
    { why: 'parent address on a port past 65535', patch: (r) => (r.parent.address = '[::1]:65536'), patterns: [/parent\.address: port 65536 is out of range/] },
    { why: 'parent address with a scheme', patch: (r) => (r.parent.address = 'https://10.0.0.1:7720'), patterns: [/parent\.address: "https:\/\/10\.0\.0\.1:7720" is not host:port/] },
    { why: 'empty dataDir', patch: (r) => (r.node.dataDir = ''), patterns: [/node\.dataDir: /] },
    { why: 'missing tls', patch: (r) => delete r.tls, patterns: [/\n {2}tls: /] },
    { why: 'missing node', patch: (r) => delete r.node, patterns: [/\n {2}node: /] },
    { why: 'maxHops below 2', patch: (r) => (r.limits = { maxHops: 1 }), patterns: [/limits\.maxHops: /] },
    { why: 'linkWindow not an integer', patch: (r) => (r.limits = { linkWindow: 2.5 }), patterns: [/limits\.linkWindow: /] },
    { why: 'unknown log level', patch: (r) => (r.log = { level: 'verbose' }), patterns: [/log\.level: /] },
    { why: 'children not a list', patch: (r) => (r.children = { code: '000.46.24.H44' }), patterns: [/\n {2}children: /] },
  ];
  for (const c of CASES) {
    it(c.why, () => invalid(with_(c.patch), ...c.patterns));
  }

  it('lists every problem at once', () => {
    invalid(
      with_((r) => {
        r.limits = { foo: 1 };
        r.node.code = 'bad';
      }),
      /limits\.foo: unknown key/,
      /node\.code: invalid agency code "bad"/,
    );
  });

  it('refuses something that is not a mapping', () => {
    invalid(['node'], /\(top level\)/);
    invalid('node: x', /\(top level\)/);
  });
});

describe('config: layering defaults < file < environment < overrides', () => {
  const file = with_((r) => (r.log = { level: 'warn' }));
  const env = { LIENTHONG_LOG_LEVEL: 'debug', LIENTHONG_LISTEN: '0.0.0.0:7741', LIENTHONG_DATA_DIR: '/srv/lienthong/env' };
  const overrides = { logLevel: 'error', listen: '0.0.0.0:7742', dataDir: '/srv/lienthong/flag' };

  const CASES: { why: string; raw: Record<string, any>; env: NodeJS.ProcessEnv; overrides: typeof overrides | {}; level: string; listen: string; dataDir: string }[] = [
    { why: 'defaults only', raw: raw(), env: {}, overrides: {}, level: 'info', listen: '127.0.0.1:7740', dataDir: '/etc/lienthong/data/district' },
    { why: 'file over defaults', raw: file, env: {}, overrides: {}, level: 'warn', listen: '127.0.0.1:7740', dataDir: '/etc/lienthong/data/district' },
    { why: 'environment over file', raw: file, env, overrides: {}, level: 'debug', listen: '0.0.0.0:7741', dataDir: '/srv/lienthong/env' },
    { why: 'overrides over environment', raw: file, env, overrides, level: 'error', listen: '0.0.0.0:7742', dataDir: '/srv/lienthong/flag' },
    { why: 'overrides over file without environment', raw: file, env: {}, overrides, level: 'error', listen: '0.0.0.0:7742', dataDir: '/srv/lienthong/flag' },
    { why: 'empty environment values are ignored', raw: file, env: { LIENTHONG_LOG_LEVEL: '', LIENTHONG_LISTEN: '', LIENTHONG_DATA_DIR: '' }, overrides: {}, level: 'warn', listen: '127.0.0.1:7740', dataDir: '/etc/lienthong/data/district' },
    { why: 'one variable at a time', raw: file, env: { LIENTHONG_LISTEN: '10.1.2.3:7799' }, overrides: { logLevel: 'trace' }, level: 'trace', listen: '10.1.2.3:7799', dataDir: '/etc/lienthong/data/district' },
  ];
  for (const c of CASES) {
    it(c.why, () => {
      const cfg = buildConfig(c.raw, FILE, c.overrides, c.env);
      assert.equal(cfg.log.level, c.level);
      assert.equal(cfg.node.listen, c.listen);
      assert.equal(cfg.node.dataDir, c.dataDir);
      assert.equal(cfg.databasePath, join(c.dataDir, 'lienthong.sqlite'));
    });
  }

  it("a relative folder from the command line or the environment is the working directory's, the file's the file's folder's", () => {
    assert.equal(buildConfig(raw(), FILE, { dataDir: 'relx' }, {}).node.dataDir, join(process.cwd(), 'relx'));
    assert.equal(buildConfig(raw(), FILE, {}, { LIENTHONG_DATA_DIR: 'rely' }).node.dataDir, join(process.cwd(), 'rely'));
    assert.equal(buildConfig(raw(), FILE, {}, {}).node.dataDir, '/etc/lienthong/data/district');
  });

  it('does not read process.env in buildConfig', () => {
    const saved = process.env.LIENTHONG_LOG_LEVEL;
    process.env.LIENTHONG_LOG_LEVEL = 'trace';
    try {
      assert.equal(buildConfig(raw(), FILE).log.level, 'info');
    } finally {
      if (saved === undefined) delete process.env.LIENTHONG_LOG_LEVEL;
      else process.env.LIENTHONG_LOG_LEVEL = saved;
    }
  });

  it('validates values that come from the environment', () => {
    assert.throws(() => buildConfig(raw(), FILE, {}, { LIENTHONG_LOG_LEVEL: 'loud' }), /log\.level: /);
    assert.throws(() => buildConfig(raw(), FILE, {}, { LIENTHONG_LISTEN: '7740' }), /node\.listen: "7740" is not host:port/);
  });

  it('leaves the parsed input untouched', () => {
    const r = raw();
    const copy = structuredClone(r);
    buildConfig(r, FILE, overrides, env);
    assert.deepEqual(r, copy);
  });
});

describe('config: paths', () => {
  it('resolves relative paths against the folder of the config file', () => {
    const c = buildConfig(raw(), FILE);
    assert.equal(c.file, FILE);
    assert.equal(c.node.dataDir, '/etc/lienthong/data/district');
    assert.deepEqual(c.tls, {
      ca: '/etc/lienthong/pki/ca.crt',
      cert: '/etc/lienthong/pki/node-000.00.24.H44.crt',
      key: '/etc/lienthong/pki/node-000.00.24.H44.key',
    });
    assert.equal(c.adminSocket, '/etc/lienthong/data/district/admin.sock');
    assert.equal(c.databasePath, '/etc/lienthong/data/district/lienthong.sqlite');
  });

  it('keeps absolute paths', () => {
    const c = buildConfig(
      with_((r) => {
        r.node.dataDir = '/var/lib/lienthong';
        r.tls = { ca: '/etc/ssl/lienthong/ca.crt', cert: '../pki/node.crt', key: './node.key' };
      }),
      FILE,
    );
    assert.equal(c.node.dataDir, '/var/lib/lienthong');
    assert.equal(c.tls.ca, '/etc/ssl/lienthong/ca.crt');
    assert.equal(c.tls.cert, '/etc/pki/node.crt');
    assert.equal(c.tls.key, '/etc/lienthong/node.key');
  });

  it('resolves a relative config file name against the working directory', () => {
    const c = buildConfig(raw(), 'config/district.yaml');
    assert.equal(c.file, resolve('config/district.yaml'));
    assert.equal(c.node.dataDir, resolve('config/data/district'));
  });
});

describe('config: the result is deeply frozen', () => {
  const c = buildConfig(
    with_((r) => {
      r.children = [{ code: '000.46.24.H44', subtrees: ['000.46.24.H44'] }];
      r.laterals = [{ code: '000.00.25.H44', subtrees: ['000.00.25.H44'] }];
      r.routes = [{ prefix: '000.00.26.H44', via: '000.00.25.H44' }];
    }),
    FILE,
  );
  const PARTS: [string, unknown][] = [
    ['config', c],
    ['node', c.node],
    ['parent', c.parent],
    ['children', c.children],
    ['children[0]', c.children[0]],
    ['children[0].subtrees', c.children[0]!.subtrees],
    ['agencies', c.agencies],
    ['laterals[0]', c.laterals[0]],
    ['laterals[0].subtrees', c.laterals[0]!.subtrees],
    ['routes[0]', c.routes[0]],
    ['tls', c.tls],
    ['limits', c.limits],
    ['retry', c.retry],
    ['reconnect', c.reconnect],
    ['check', c.check],
    ['log', c.log],
  ];
  for (const [name, part] of PARTS) {
    it(`${name} is frozen`, () => assert.ok(Object.isFrozen(part)));
  }

  it('refuses changes (ES modules run in strict mode)', () => {
    assert.throws(() => {
      (c.limits as { maxHops: number }).maxHops = 2;
    }, TypeError);
    assert.throws(() => (c.agencies as string[]).push('000.00.00.H44'), TypeError);
    assert.throws(() => {
      (c.node as { code: string }).code = '000.00.00.H44';
    }, TypeError);
    assert.equal(c.limits.maxHops, 32);
  });
});

describe('config: cross-checks', () => {
  const CASES: { why: string; patch: (r: Record<string, any>) => void; pattern: RegExp }[] = [
    { why: 'a static route via an unknown peer', patch: (r) => (r.routes = [{ prefix: '000.00.26.H44', via: '000.00.25.H44' }]), pattern: /routes\.0\.via: 000\.00\.25\.H44 is not a configured parent, child or lateral peer/ },
    { why: 'a child listed twice', patch: (r) => r.children.push({ code: '000.46.24.H44' }), pattern: /children: 000\.46\.24\.H44 is configured twice/ },
    { why: 'a child listed twice, spelt differently', patch: (r) => r.children.push({ code: ' 000.46.24.H44' }), pattern: /children: 000\.46\.24\.H44 is configured twice/ },
    { why: 'the parent also a child', patch: (r) => r.children.push({ code: '000.00.00.H44' }), pattern: /children: 000\.00\.00\.H44 is configured twice/ },
    { why: 'a lateral that is also a child', patch: (r) => (r.laterals = [{ code: '000.46.24.H44' }]), pattern: /laterals: 000\.46\.24\.H44 is also configured as parent or child/ },
    { why: 'a lateral that is also the parent', patch: (r) => (r.laterals = [{ code: '000.00.00.H44' }]), pattern: /laterals: 000\.00\.00\.H44 is also configured as parent or child/ },
    { why: 'a lateral listed twice', patch: (r) => (r.laterals = [{ code: '000.00.25.H44' }, { code: '000.00.25.H44' }]), pattern: /laterals: 000\.00\.25\.H44 is also configured as parent or child/ },
    { why: 'the node its own peer', patch: (r) => r.children.push({ code: '000.00.24.H44' }), pattern: /node\.code 000\.00\.24\.H44 cannot also be one of its own peers/ },
    { why: 'an agency listed twice', patch: (r) => (r.agencies = ['000.00.24.H44', '000.00.24.H44']), pattern: /agencies: an agency is listed twice/ },
    { why: 'a commune routed to its old and its new parent', patch: (r) => r.children.push({ code: '000.00.25.H44', subtrees: ['000.00.25.H44', '000.46.24.H44'] }), pattern: /children: the subtree 000\.46\.24\.H44 is routed to both 000\.46\.24\.H44 and 000\.00\.25\.H44: give it to one child only/ },
  ];
  for (const c of CASES) {
    it(`refuses ${c.why}`, () => invalid(with_(c.patch), c.pattern));
  }

  it('accepts static routes via the parent, a child and a lateral', () => {
    const c = buildConfig(
      with_((r) => {
        r.laterals = [{ code: '000.00.25.H44', address: '127.0.0.1:7745', subtrees: ['000.00.25.H44'] }];
        r.routes = [
          { prefix: '000.00.26.H44', via: '000.00.25.H44' },
          { prefix: '000.47.24.H44', via: '000.46.24.H44' },
          { prefix: '000.00.00.G12', via: '000.00.00.H44' },
        ];
      }),
      FILE,
    );
    assert.equal(c.routes.length, 3);
  });
});

describe('config: the peers it names', () => {
  it('are its parent, its children and its lateral peers, whichever side dials', () => {
    const c = buildConfig(
      with_((r) => {
        r.laterals = [{ code: '000.00.25.H44', address: '127.0.0.1:7745' }, { code: '000.00.26.H44' }];
        r.routes = [{ prefix: '000.00.27.H44', via: '000.00.25.H44' }];
      }),
      FILE,
    );
    assert.deepEqual([...configuredPeers(c)], ['000.00.00.H44', '000.46.24.H44', '000.00.25.H44', '000.00.26.H44']);
  });

  it('not the node itself, its agencies, its children\'s subtrees nor what routes lead to', () => {
    const c = buildConfig(with_((r) => (r.children = [{ code: '000.46.24.H44', subtrees: ['000.46.24.H44', '000.47.24.H44'] }])), FILE);
    assert.deepEqual([...configuredPeers(c)], ['000.00.00.H44', '000.46.24.H44']);
  });

  it('at the root, only its children and lateral peers', () => {
    assert.deepEqual([...configuredPeers({ children: [{ code: '000.00.24.H44' }], laterals: [{ code: '000.00.00.G12', subtrees: [] }] })], ['000.00.24.H44', '000.00.00.G12']);
    assert.equal(configuredPeers({ children: [], laterals: [] }).size, 0);
  });
});

describe('loadConfig', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  }

  it('reads YAML and resolves paths against its folder', () => {
    const p = write(
      'commune.yaml',
      [
        'node: { code: 000.46.24.H44, listen: "127.0.0.1:7750", dataDir: data/commune }',
        'parent: { code: 000.00.24.H44, address: "127.0.0.1:7740" }',
        'agencies: [000.46.24.H44]',
        'tls: { ca: pki/ca.crt, cert: pki/node-000.46.24.H44.crt, key: pki/node-000.46.24.H44.key }',
        'limits: { expiry: 3d, maxDocumentBytes: 64MiB }',
        '',
      ].join('\n'),
    );
    const c = loadConfig(p, {}, {});
    assert.equal(c.file, p);
    assert.equal(c.node.code, '000.46.24.H44');
    assert.equal(c.node.dataDir, join(dir, 'data/commune'));
    assert.equal(c.tls.ca, join(dir, 'pki/ca.crt'));
    assert.equal(c.limits.expiry, 3 * DAY);
    assert.equal(c.limits.maxDocumentBytes, 64 * 1024 * 1024);
  });

  it('applies environment and overrides it is given', () => {
    const p = write('env.yaml', 'node: { code: 000.46.24.H44, listen: "127.0.0.1:7750", dataDir: d }\ntls: { ca: a, cert: b, key: c }\n');
    const c = loadConfig(p, { logLevel: 'warn' }, { LIENTHONG_LISTEN: '127.0.0.1:7751', LIENTHONG_LOG_LEVEL: 'debug' });
    assert.equal(c.node.listen, '127.0.0.1:7751');
    assert.equal(c.log.level, 'warn');
  });

  const FAILS: { why: string; text: string | null; pattern: RegExp }[] = [
    { why: 'a missing file', text: null, pattern: /cannot read configuration .*missing\.yaml/ },
    { why: 'broken YAML', text: 'node: { code: [\n', pattern: /is not valid YAML/ },
    { why: 'an empty file', text: '', pattern: /node: .*\n[\s\S]*tls: / },
    { why: 'a mistyped key', text: 'node: { code: 000.46.24.H44, listen: "127.0.0.1:7750", dataDir: d }\ntls: { ca: a, cert: b, key: c }\nlimit: {}\n', pattern: /\n {2}limit: unknown key/ },
  ];
  for (const f of FAILS) {
    it(`refuses ${f.why} with CONFIG_INVALID`, () => {
      const p = f.text === null ? join(dir, 'missing.yaml') : write(`fail-${f.why.replace(/\W+/g, '-')}.yaml`, f.text);
      assert.throws(
        () => loadConfig(p, {}, {}),
        (err: unknown) => err instanceof LienthongError && err.code === 'CONFIG_INVALID' && f.pattern.test(err.message) && err.message.includes(p),
      );
    });
  }
});

describe('config: the examples in config/', () => {
  const CONFIG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../config');
  const files = readdirSync(CONFIG_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const loaded = new Map<string, LoadedConfig>();
  function example(name: string): LoadedConfig {
    let c = loaded.get(name);
    if (!c) {
      c = loadConfig(join(CONFIG_DIR, name), {}, {});
      loaded.set(name, c);
    }
    return c;
  }

  it('holds one example per level of the network', () => {
    for (const name of ['national.yaml', 'ministry.yaml', 'province.yaml', 'province-two-tier.yaml', 'district.yaml', 'commune.yaml']) {
      assert.ok(files.includes(name), `config/${name} is missing (found ${files.join(', ')})`);
    }
  });

  for (const name of files) {
    it(`config/${name} loads with the schema`, () => {
      const c = example(name);
      assert.ok(Object.isFrozen(c));
      assert.ok(c.node.dataDir.startsWith(CONFIG_DIR), 'dataDir is relative to the config folder');
      assert.ok(c.tls.cert.endsWith(`node-${c.node.code}.crt`), `tls.cert is the file \`lienthong pki issue\` writes for ${c.node.code}`);
      assert.ok(c.tls.key.endsWith(`node-${c.node.code}.key`));
      assert.deepEqual(agenciesOutsideSubtree(c), [], 'every attached agency lies in the node\'s subtree');
    });
  }

  it('describes one coherent network: distinct codes, ports and data folders', () => {
    const all = files.map(example);
    const distinct = (xs: string[]) => new Set(xs).size === xs.length;
    assert.ok(distinct(all.map((c) => c.node.code)), 'node codes');
    assert.ok(distinct(all.map((c) => c.node.listen)), 'listen addresses');
    assert.ok(distinct(all.map((c) => c.node.dataDir)), 'data folders');
    for (const c of all) {
      const port = Number(c.node.listen.split(':').pop());
      assert.ok(port >= 7700 && port <= 7799, `${c.node.code} listens on ${c.node.listen}`);
    }
  });

  it('each parent is an example that lists the node as a child, at the address it listens on', () => {
    const byCode = new Map(files.map((f) => [example(f).node.code, example(f)]));
    for (const c of byCode.values()) {
      if (!c.parent) continue;
      const parent = byCode.get(c.parent.code);
      assert.ok(parent, `${c.node.code}: its parent ${c.parent.code} has an example`);
      assert.equal(c.parent.address, parent.node.listen, `${c.node.code} dials its parent where it listens`);
      assert.ok(parent.children.some((ch) => ch.code === c.node.code), `${parent.node.code} lists ${c.node.code} as a child`);
    }
    assert.equal([...byCode.values()].filter((c) => !c.parent).length, 1, 'exactly one root');
  });

  // Follows next hops from node to node through the example configurations.
  const WALKS: { from: string; to: string; path: string[]; end: 'local' | 'forward' }[] = [
    { from: '000.46.24.H44', to: '000.00.00.G22', path: ['000.46.24.H44', '000.00.24.H44', '000.00.00.H44', '000.00.00.G22'], end: 'local' },
    { from: '000.00.00.G22', to: '000.46.24.H44', path: ['000.00.00.G22', '000.00.00.H44', '000.00.24.H44', '000.46.24.H44'], end: 'local' },
    { from: '000.00.00.G12', to: '000.00.01.H44', path: ['000.00.00.G12', '000.00.00.G22', '000.00.00.H44'], end: 'local' },
    { from: '000.46.24.H44', to: '000.00.07.H29', path: ['000.46.24.H44', '000.00.24.H44', '000.00.00.H44', '000.00.00.G22', '000.00.00.H29', '000.00.07.H29'], end: 'forward' },
    { from: '000.00.00.H29', to: '001.05.18.G12', path: ['000.00.00.H29', '000.00.00.G22', '000.00.00.G12', '000.00.18.G12'], end: 'forward' },
  ];
  for (const w of WALKS) {
    it(`a document from ${w.from} to ${w.to} goes ${w.path.join(' → ')}`, () => {
      const byCode = new Map(files.map((f) => [example(f).node.code, example(f)]));
      const path = [w.from];
      let at = byCode.get(w.from);
      assert.ok(at);
      for (;;) {
        const d = resolveRoute(routeTableFromConfig(at), w.to);
        if (d.kind === 'local') {
          assert.equal(w.end, 'local');
          break;
        }
        assert.equal(d.kind, 'forward', `at ${at.node.code}: ${JSON.stringify(d)}`);
        assert.ok(d.kind === 'forward');
        path.push(d.nextHop);
        assert.ok(path.length <= 8, `no loop: ${path.join(' → ')}`);
        const next = byCode.get(d.nextHop);
        if (!next) {
          assert.equal(w.end, 'forward', `${d.nextHop} has no example configuration`);
          break;
        }
        at = next;
      }
      assert.deepEqual(path, w.path);
    });
  }
});

describe('config: agencies attached outside the node\'s subtree', () => {
  it('warns of each below the root, naming what happens and what to do; the root attaches anything', () => {
    const node = { code: '000.00.08.H29' } as never;
    const lines = agenciesOutsideSubtree({ node, parent: { code: '000.00.00.H29' } as never, agencies: ['000.00.08.H29', '000.01.08.H29', '000.00.01.H44'] });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^agency 000\.00\.01\.H44 is attached here but its code lies outside this node's \(000\.00\.08\.H29\): other nodes send documents for 000\.00\.01\.H44 to where its code lies, not here.*Attach it at the node whose subtree holds its code/);
    // Routes alone do not do: the parent refuses the agency's own documents unless its children[].subtrees hold it.
    assert.match(lines[0]!, /the parent 000\.00\.00\.H29 refuses the documents 000\.00\.01\.H44 sends \(SENDER_NOT_ALLOWED: a child may only hand over senders in its subtrees\) unless its configuration lists 000\.00\.01\.H44 among the subtrees of 000\.00\.08\.H29 under children\[\]\. Attach it at the node whose subtree holds its code; or, to keep it here, add 000\.00\.01\.H44 to those subtrees on 000\.00\.00\.H29 /);
    assert.doesNotMatch(lines[0]!, /route it here with routes on every node on the way/);
    assert.deepEqual(agenciesOutsideSubtree({ node: { code: '000.00.00.G22' } as never, parent: null as never, agencies: ['000.00.00.G22', '000.00.00.G12'] }), []);
  });
});

describe('config: children routed a subtree outside the node\'s', () => {
  it('warns of a commune moved under another district with its old code, below the root only', () => {
    const node = { code: '000.00.25.H44' } as never;
    const children = [{ code: '000.46.25.H44' }, { code: '000.47.24.H44' }, { code: '000.48.25.H44', subtrees: ['000.48.25.H44', '000.49.24.H44'] }] as never;
    const lines = childrenOutsideSubtree({ node, parent: { code: '000.00.00.H44' } as never, children });
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, /^child 000\.47\.24\.H44 is routed the subtree 000\.47\.24\.H44, which lies outside this node's code \(000\.00\.25\.H44\): the parent 000\.00\.00\.H44 .*refuses the documents this node hands over from 000\.47\.24\.H44 \(SENDER_NOT_ALLOWED\).*lists 000\.47\.24\.H44 among the subtrees of 000\.00\.25\.H44 under children\[\]/);
    assert.match(lines[1]!, /^child 000\.48\.25\.H44 is routed the subtree 000\.49\.24\.H44/);
    assert.deepEqual(childrenOutsideSubtree({ node: { code: '000.00.00.G22' } as never, parent: null as never, children }), [], 'the root routes anything');
  });
});
