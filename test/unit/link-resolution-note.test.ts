/**
 * grpc-js ends the details of a failed connection with "Resolution note: " (empty when name
 * resolution had nothing to say): the reason a link is down, as logged and shown by `status`,
 * must not carry it, whichever description applies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { describe as describeFailure } from '../../src/link/link-dialer.js';

const unavailable = (details: string) => Object.assign(new Error(details), { code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() });

describe('a link failure without grpc-js\'s empty resolution note', () => {
  it('a parent whose certificate names another node (a wrong parent.code)', () => {
    const text = describeFailure(
      unavailable('No connection established. Last error: Error: peer certificate names node 000.00.24.H44, expected node 000.00.25.H44: the address this node dials for 000.00.25.H44 reaches 000.00.24.H44: either the code is wrong (parent.code or laterals[].code) or the address is (parent.address or laterals[].address) in this node\'s configuration. Resolution note: '),
      '127.0.0.1:7812',
    );
    assert.equal(text, 'peer certificate names node 000.00.24.H44, expected node 000.00.25.H44: the address this node dials for 000.00.25.H44 reaches 000.00.24.H44: either the code is wrong (parent.code or laterals[].code) or the address is (parent.address or laterals[].address) in this node\'s configuration.');
  });

  it('an error that is not a gRPC status', () => {
    assert.equal(describeFailure(new Error('stream ended early. Resolution note: '), 'x:1'), 'stream ended early.');
  });

  it('a connection closed during the TLS handshake: the peer refused the certificate or the network cut it, not grpc-js\'s words', () => {
    for (const last of ['Client network socket disconnected before secure TLS connection was established', 'read ECONNRESET']) {
      const text = describeFailure(unavailable(`No connection established. Last error: Error: ${last}. Resolution note: `), '127.0.0.1:7812');
      assert.match(text, /^the connection to 127\.0\.0\.1:7812 closed during the TLS handshake: either the peer refused this node's certificate .* or the network between them \(a firewall, a proxy\) cut it$/);
    }
  });
});
