/** Which failed attempts to open a link retrying does not fix (`check` reports them at once). */
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { describe, it } from 'node:test';
import { refusedForGood } from '../../src/link/link-dialer.js';

const failure = (code: grpc.status, details: string): Error => Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata: new grpc.Metadata() });

describe('a link attempt refused for good', () => {
  it('is one the peer refuses (not a configured peer, the certificate) or one from another CA', () => {
    assert.equal(refusedForGood(failure(grpc.status.PERMISSION_DENIED, 'node 000.46.24.H44 is not a configured child or lateral peer of 000.00.00.H44')), true);
    assert.equal(refusedForGood(failure(grpc.status.UNAUTHENTICATED, 'a node certificate is required')), true);
    assert.equal(refusedForGood(failure(grpc.status.UNAVAILABLE, 'self-signed certificate in certificate chain')), true);
  });
  it('is not an outage, a busy peer or a closed connection', () => {
    assert.equal(refusedForGood(failure(grpc.status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7443')), false);
    assert.equal(refusedForGood(failure(grpc.status.RESOURCE_EXHAUSTED, 'PEER_BUSY: a link from 000.46.24.H44 is already open')), false);
    assert.equal(refusedForGood(new Error('peer closed the stream')), false);
  });
});
