/**
 * Message ids given on the command line (`trace ID`, `status-update --message`, `inbox export IDS`)
 * are checked before a node is asked: a malformed one is refused naming the argument the operator
 * typed, not the agency API's field (`message_id`), exit 1. An id in upper case is taken (the node
 * keeps ids in lower case): the command goes on to look for the node. No node runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from '../helpers/cli-run.js';

const SOCKET = '/nonexistent/admin.sock';
const AGENCY = '000.00.01.H44';

describe('CLI message-id arguments', () => {
  const REFUSED: { args: string[]; message: RegExp }[] = [
    { args: ['trace', '--socket', SOCKET, 'abc'], message: /^lienthong: INVALID_ARGUMENT: "abc" is not a message id: give the UUID that Send answered .* in the ID argument$/ },
    { args: ['status-update', '--socket', SOCKET, '--agency', AGENCY, '--message', 'zz', '--code', '03'], message: /"zz" is not a message id: .* in --message$/ },
    { args: ['inbox', 'export', '--socket', SOCKET, '--agency', AGENCY, '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70', 'bad'], message: /"bad" is not a message id: .* in the IDS arguments$/ },
  ];
  for (const r of REFUSED) {
    it(`${r.args[0]} refuses a malformed id naming its argument, exit 1`, async () => {
      const out = await cli(r.args);
      assert.equal(out.code, 1, out.stderr);
      assert.match(out.stderr.trim(), r.message);
      assert.doesNotMatch(out.stderr, /message_id|messageId|\n\s+at /);
    });
  }

  it('an id in upper case is taken: the command goes on to the node (here: none, exit 3)', async () => {
    const out = await cli(['trace', '--socket', SOCKET, '0190F5C2-7D3A-7B1E-9C4F-2A6B8E1D5F70']);
    assert.equal(out.code, 3, out.stderr);
    assert.match(out.stderr, /NODE_UNREACHABLE/);
  });
});
