import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTlsFiles } from '../../src/link/tls-credentials.js';

describe('readTlsFiles', () => {
  it('a missing CA certificate says to copy the network\'s, not to make another CA', () => {
    assert.throws(() => readTlsFiles({ ca: '/nonexistent/pki/ca.crt', cert: '/nonexistent/n.crt', key: '/nonexistent/n.key' }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'CERTIFICATE_INVALID');
      assert.match(err.message, /^cannot read the CA certificate \(tls\.ca\) \/nonexistent\/pki\/ca\.crt: .*copy there the network's ca\.crt .*do not run pki init for this node.*relative paths are read from the configuration file's folder/);
      return true;
    });
  });
});
