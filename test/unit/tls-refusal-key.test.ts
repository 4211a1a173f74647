/** Which refused handshakes share one rate-limited log line (link/tls-refusals.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handshakeFailureReason, refusalLogKey } from '../../src/link/tls-refusals.js';

describe('refusalLogKey', () => {
  it('one line per kind, code and address: the client port does not matter, another code does', () => {
    const timeout = { kind: 'handshake' as const, code: 'ERR_TLS_HANDSHAKE_TIMEOUT', from: '10.0.0.7:40001' };
    assert.equal(refusalLogKey(timeout), refusalLogKey({ ...timeout, from: '10.0.0.7:51234' }), 'another port of the same client');
    assert.notEqual(refusalLogKey(timeout), refusalLogKey({ ...timeout, code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }), 'an old TLS version is not counted with timeouts');
    assert.notEqual(refusalLogKey(timeout), refusalLogKey({ ...timeout, from: '10.0.0.8:40001' }), 'another client');
    assert.equal(refusalLogKey({ ...timeout, from: '[::1]:40001' }), refusalLogKey({ ...timeout, from: '[::1]:9' }), 'IPv6 addresses too');
  });
});

describe('handshakeFailureReason', () => {
  it('a client with no cipher suite in common is told to update its TLS library, not that it spoke no TLS', () => {
    assert.match(handshakeFailureReason('ERR_SSL_NO_SHARED_CIPHER'), /^its TLS library offers none of the cipher suites this node accepts .*update it/);
    assert.match(handshakeFailureReason('ERR_SSL_WRONG_VERSION_NUMBER'), /did not speak TLS/);
  });
});
