/** Link state bookkeeping: "down since" must survive reconnect attempts, or `check` never fires. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkRegistry } from '../../src/link/link-registry.js';
import type { LinkSession } from '../../src/link/link-session.js';

describe('link registry', () => {
  it('keeps the time a link went down across failed reconnect attempts', () => {
    let now = 1_000;
    const r = new LinkRegistry(() => now);
    r.declare('000.00.00.H44', 'parent', '127.0.0.1:1');
    for (let i = 0; i < 40; i++) {
      now += 30_000;
      r.connecting('000.00.00.H44');
      r.failed('000.00.00.H44', 'ECONNREFUSED');
    }
    const info = r.get('000.00.00.H44')!;
    assert.equal(info.state, 'down');
    assert.equal(info.sinceMs, 1_000, 'down since the start, 20 minutes ago');
    assert.equal(info.lastError, 'ECONNREFUSED');
  });

  it('keeps the certificate a refused peer presented (a revoked child is warned of after a restart too)', () => {
    const r = new LinkRegistry(() => 0);
    r.declare('000.46.24.H44', 'child', '');
    assert.equal(r.get('000.46.24.H44')!.certificate, null, 'never seen since this node started');
    const cert = { code: '000.46.24.H44', role: 'node' as const, serial: 'ABC123', notAfterMs: 1e13, notBeforeMs: 0 };
    r.failed('000.46.24.H44', 'CERTIFICATE_REVOKED: node certificate … was revoked', cert as never);
    assert.equal(r.get('000.46.24.H44')!.certificate?.serial, 'ABC123');
    assert.match(r.get('000.46.24.H44')!.lastError, /revoked/);
  });

  it('counts reconnects and dates the last state change', () => {
    let now = 0;
    const r = new LinkRegistry(() => now);
    r.declare('000.46.24.H44', 'child', '');
    const session = (): LinkSession => ({ wake() {}, close: async () => {} }) as unknown as LinkSession;
    const s1 = session();
    now = 10;
    r.attach('000.46.24.H44', s1);
    assert.equal(r.get('000.46.24.H44')!.state, 'up');
    now = 20;
    r.detach('000.46.24.H44', s1, 'peer went away');
    assert.deepEqual([r.get('000.46.24.H44')!.state, r.get('000.46.24.H44')!.sinceMs], ['down', 20]);
    now = 30;
    r.attach('000.46.24.H44', session());
    assert.equal(r.get('000.46.24.H44')!.reconnects, 1);
    r.detach('000.46.24.H44', s1, 'stale session');
    assert.equal(r.get('000.46.24.H44')!.state, 'up', 'an old session ending does not take the link down');
  });
});
