import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStartLine } from '../../src/cli/start-line.js';

describe('parseStartLine (lienthong start without yargs)', () => {
  it('reads a valid start line in every spelling yargs accepts for it', () => {
    assert.deepEqual(parseStartLine(['start', '--config', 'n.yaml']), { config: 'n.yaml', 'log-level': undefined, listen: undefined, 'data-dir': undefined });
    assert.deepEqual(parseStartLine(['start', '-c', 'n.yaml', '--log-level', 'debug', '--listen=127.0.0.1:7000', '--data-dir', '/var/lib/x']), {
      config: 'n.yaml', 'log-level': 'debug', listen: '127.0.0.1:7000', 'data-dir': '/var/lib/x',
    });
    assert.deepEqual(parseStartLine(['start', '--log-level=silent', '--config=a b.yaml']), { config: 'a b.yaml', 'log-level': 'silent', listen: undefined, 'data-dir': undefined });
    assert.deepEqual(parseStartLine(['start', '-c', 'n.yaml', '--accept-audit-loss']), {
      config: 'n.yaml', 'log-level': undefined, listen: undefined, 'data-dir': undefined, 'accept-audit-loss': true,
    });
  });

  const TO_YARGS: [string, string[]][] = [
    ['another command', ['status', '-c', 'n.yaml']],
    ['no command', []],
    ['help', ['start', '--help']],
    ['short help', ['start', '-c', 'n.yaml', '-h']],
    ['version', ['start', '--version']],
    ['no --config', ['start']],
    ['--config without its value', ['start', '--config']],
    ['an unknown option', ['start', '-c', 'n.yaml', '--bogus']],
    ['a log level yargs would refuse', ['start', '-c', 'n.yaml', '--log-level', 'loud']],
    ['a stray positional', ['start', 'n.yaml']],
    ['an empty --config', ['start', '--config=']],
    ['--accept-audit-loss with a value', ['start', '-c', 'n.yaml', '--accept-audit-loss=yes']],
  ];
  for (const [why, argv] of TO_YARGS) {
    it(`leaves ${why} to yargs`, () => assert.equal(parseStartLine(argv), null));
  }
});
