/**
 * The time an agency's software gives a status may not lie further ahead of the node's clock than a
 * document's creation time may; the refusal names the field, both times and what to do. Pure; the
 * refusal through a real node's agency API is in test/net/edxml-status-packages.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOCK_SKEW_MS } from '../../src/domain/envelope.js';
import { STATUS_TIME_AHEAD_LIMIT_MS, statusTimeProblem } from '../../src/domain/status-time.js';

const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);
const FIELD = 'edXML/edXMLEnvelope/edXMLHeader/Status/Timestamp';

describe('a status\'s time ahead of the node\'s clock', () => {
  it('is allowed as far ahead as a document\'s creation time, 5 minutes', () => {
    assert.equal(STATUS_TIME_AHEAD_LIMIT_MS, CLOCK_SKEW_MS);
    assert.equal(STATUS_TIME_AHEAD_LIMIT_MS, 5 * 60_000);
  });

  const cases: [string, number, boolean][] = [
    ['no time given', 0, true],
    ['long past', NOW - 400 * 86_400_000, true],
    ['now', NOW, true],
    ['61 s ahead (a fast clock, within the limit)', NOW + 61_000, true],
    ['exactly at the limit', NOW + STATUS_TIME_AHEAD_LIMIT_MS, true],
    ['1 ms beyond the limit', NOW + STATUS_TIME_AHEAD_LIMIT_MS + 1, false],
    ['a day ahead', NOW + 86_400_000, false],
  ];
  for (const [what, statusMs, accepted] of cases) {
    it(`${what}: ${accepted ? 'accepted' : 'refused'}`, () => {
      assert.equal(statusTimeProblem(FIELD, statusMs, NOW) === null, accepted);
    });
  }

  it('the refusal names the field, the time given, the node\'s time and what to do', () => {
    const problem = statusTimeProblem(FIELD, NOW + 3 * 3_600_000, NOW);
    assert.equal(
      problem,
      'edXML/edXMLEnvelope/edXMLHeader/Status/Timestamp 2026-11-22T06:00:00.000Z is 3.0 hours ahead of this node\'s clock ' +
        '(2026-11-22T03:00:00.000Z; at most 300 s ahead is accepted): give the time the status was decided, and set the clock ' +
        'of the agency\'s document software right (NTP); if this node\'s clock is the one behind, its operator must set it right',
    );
    assert.match(statusTimeProblem(FIELD, NOW + 310_000, NOW)!, / is 310 s ahead /);
    assert.match(statusTimeProblem(FIELD, NOW + 45 * 60_000, NOW)!, / is 45 min ahead /);
    assert.match(statusTimeProblem(FIELD, NOW + 30 * 86_400_000, NOW)!, / is 30\.0 days ahead /);
  });
});
