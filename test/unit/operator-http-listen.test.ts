/** Which http.listen addresses stay on this machine (the node warns about the others: no authentication). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackListen } from '../../src/node/operator-http.js';

describe('operator HTTP listen address', () => {
  it('loopback only for 127.0.0.0/8, ::1 and localhost', () => {
    for (const a of ['127.0.0.1:9464', '127.3.2.1:0', '[::1]:9464', '[::ffff:127.0.0.1]:9464', 'localhost:9464', 'LOCALHOST:1']) assert.equal(isLoopbackListen(a), true, a);
    for (const a of ['0.0.0.0:9464', '10.1.2.3:9464', '[::]:9464', 'node.example.vn:9464', '128.0.0.1:1']) assert.equal(isLoopbackListen(a), false, a);
  });
});
