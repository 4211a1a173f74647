/** Whether the list a node enforces carries what was offered: a table over versions, content and what is known. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithEnforced, type EnforcedList } from '../../src/pki/revocation-compare.js';
import { nextRevocationList, type RevocationList } from '../../src/pki/revocation-list.js';

const o = (nowMs: number) => ({ nowMs, caFingerprint256: 'AA:BB' });
const v1 = nextRevocationList(null, { serial: 'A1' }, o(1_000));
const v2 = nextRevocationList(v1, { serial: 'A48', role: 'agency', code: '000.48.24.H44' }, o(2_000));
const v2fork = nextRevocationList(v1, { serial: 'A49', role: 'agency', code: '000.49.24.H44' }, o(2_500));
const v3 = nextRevocationList(v2, { serial: 'A50' }, o(3_000));
const v3fork = nextRevocationList(v2fork, null, o(3_500));
/** A version 3 renewed from v1 alone: one entry where the node's version 2 has two. */
const v3short = nextRevocationList(nextRevocationList(v1, null, o(2_600)), null, o(3_600));

/** What the CLI knows of the node's list: everything (its data directory) or the Status summary alone. */
const known = (l: RevocationList): EnforcedList => ({ version: l.version, issuedAtMs: l.issuedAtMs, nextUpdateMs: l.nextUpdateMs, entries: l.entries.length, list: l });
const summary = (l: RevocationList): EnforcedList => ({ ...known(l), list: null });
const none: EnforcedList = { version: 0, issuedAtMs: 0, nextUpdateMs: 0, entries: 0, list: null };
const at = (l: RevocationList, serial: string) => l.entries.filter((e) => e.serial === serial);

describe('compareWithEnforced', () => {
  const cases: [string, RevocationList | null, EnforcedList, RevocationList['entries'], unknown][] = [
    ['nothing on either side', null, none, [], { kind: 'same' }],
    ['the first list', v1, none, v1.entries, { kind: 'newer' }],
    ['this very list', v2, known(v2), v2.entries, { kind: 'same' }],
    ['this very list, by summary', v2, summary(v2), v2.entries, { kind: 'same' }],
    ['another version 2', v2fork, known(v2), at(v2fork, 'A49'), { kind: 'conflict', missing: at(v2fork, 'A49') }],
    ['another version 2, by summary', v2fork, summary(v2), at(v2fork, 'A49'), { kind: 'conflict', missing: null }],
    ['older, revoked there too', v2, known(v3), v2.entries, { kind: 'covered' }],
    ['older, missing there', v2fork, known(v3), v2fork.entries, { kind: 'behind', missing: at(v2fork, 'A49') }],
    ['older, by summary', v2, summary(v3), v2.entries, { kind: 'behind', missing: null }],
    ['a directory with no list, node has one', null, known(v2), [], { kind: 'covered' }],
    ['newer and a superset', v3, known(v2), v3.entries, { kind: 'newer' }],
    ['newer but lifts', v3fork, known(v2), v3fork.entries, { kind: 'lifts', lifted: at(v2, 'A48') }],
    ['newer, lifting unknown by summary', v3fork, summary(v2), v3fork.entries, { kind: 'newer' }],
    ['newer with fewer entries, by summary: lifts some', v3short, summary(v2), v3short.entries, { kind: 'lifts', lifted: null }],
  ];
  for (const [name, offered, enforced, wanted, want] of cases) {
    it(name, () => assert.deepEqual(compareWithEnforced(offered, enforced, wanted), want));
  }
});
