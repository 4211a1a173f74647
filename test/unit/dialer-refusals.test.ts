/** Which failed attempts to open a link retrying does not fix (`check` reports them at once). */
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { describe, it } from 'node:test';
import { describe as describeFailure, refusedForGood } from '../../src/link/link-dialer.js';

const failure = (code: grpc.status, details: string): Error => Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata: new grpc.Metadata() });

describe('a link attempt refused for good', () => {
  it('is one the peer refuses (not a configured peer, the certificate) or one from another CA', () => {
    assert.equal(refusedForGood(failure(grpc.status.PERMISSION_DENIED, 'node 000.46.24.H44 is not a configured child or lateral peer of 000.00.00.H44')), true);
    assert.equal(refusedForGood(failure(grpc.status.UNAUTHENTICATED, 'a node certificate is required')), true);
    assert.equal(refusedForGood(failure(grpc.status.UNAVAILABLE, 'self-signed certificate in certificate chain')), true);
  });
  it('is one this node makes of the peer\'s certificate: another node than configured (a wrong address), or revoked', () => {
    assert.equal(refusedForGood(failure(grpc.status.UNAVAILABLE, 'No connection established. Last error: Error: peer certificate names node 000.00.00.H41, expected node 000.00.00.H44: the address this node dials for 000.00.00.H44 reaches 000.00.00.H41: either the code is wrong (parent.code or laterals[].code) or the address is (parent.address or laterals[].address) in this node\'s configuration')), true);
    assert.equal(refusedForGood(failure(grpc.status.UNAVAILABLE, 'No connection established. Last error: peer node certificate for 000.00.00.H44 (serial 1A) was revoked by the network CA on 2026-11-20: this node will not talk to it until it presents a new certificate')), true);
  });
  it('says whose configuration refuses it', () => {
    assert.match(describeFailure(failure(grpc.status.PERMISSION_DENIED, 'node 000.00.07.H44 is not a configured child or lateral peer of 000.00.00.H44: add it to children (or laterals) in the configuration'), '127.0.0.1:7443'),
      /^127\.0\.0\.1:7443 refuses this node \(PERMISSION_DENIED: node 000\.00\.07\.H44 is not a configured child .*\): that is the peer's configuration, which its operator must change$/);
  });
  it('is not an outage, a busy peer or a closed connection', () => {
    assert.equal(refusedForGood(failure(grpc.status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7443')), false);
    assert.equal(refusedForGood(failure(grpc.status.RESOURCE_EXHAUSTED, 'PEER_BUSY: a link from 000.46.24.H44 is already open')), false);
    assert.equal(refusedForGood(new Error('peer closed the stream')), false);
  });
});
