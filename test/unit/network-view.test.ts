/** The network view's aging rule: a silent or disconnected child shows down with its subtree. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageReport, STALE_AFTER_MS, type NodeView } from '../../src/node/network-view.js';

const node = (code: string, parent: string | null): NodeView => ({
  code, parent, level: 2, version: 'x', state: 'up', reportedAtMs: 0, uptimeMs: 0, draining: false,
  certificateNotAfterMs: 0, counters: {}, outboxTotal: 0, inboxUnacknowledged: 0, links: [], acceptedPerSecond: 0,
});

describe('network view aging', () => {
  const nodes = [node('000.00.24.H44', '000.00.00.H44'), node('000.46.24.H44', '000.00.24.H44')];
  it('keeps a fresh report from an up link as reported', () => {
    assert.deepEqual(ageReport(nodes, 1_000, true, 1_000 + STALE_AFTER_MS).map((n) => n.state), ['up', 'up']);
  });
  it('marks the whole subtree down when the report is stale', () => {
    assert.deepEqual(ageReport(nodes, 1_000, true, 1_001 + STALE_AFTER_MS).map((n) => n.state), ['down', 'down']);
  });
  it('marks the whole subtree down when the link is down, however fresh the report', () => {
    assert.deepEqual(ageReport(nodes, 1_000, false, 1_000).map((n) => n.state), ['down', 'down']);
  });
});
