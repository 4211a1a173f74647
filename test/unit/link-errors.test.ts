/** What an operator reads when a link cannot be opened: the cause and what to check, not gRPC noise. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { describe as describeFailure } from '../../src/link/link-dialer.js';
import { fromServiceError, unreachable } from '../../src/service/grpc-status.js';

const unavailable = (details: string) => Object.assign(new Error(details), { code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() });

describe('link failure descriptions', () => {
  it('says a refused connection means the peer is down or the address is wrong', () => {
    const text = describeFailure(unavailable('No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:7720. Resolution note: '), '127.0.0.1:7720');
    assert.equal(text, 'connection refused by 127.0.0.1:7720: is the peer running, and is its address right in the configuration?');
  });
  it('points at the certificate when the peer drops the handshake', () => {
    assert.match(describeFailure(unavailable('read ECONNRESET'), '10.0.0.1:7700'), /refused this node's certificate \(is it issued by the network CA the peer trusts/);
  });
  it('says a peer certificate from another CA is one, whole (not cut at the word "certificate")', () => {
    const text = describeFailure(unavailable('No connection established. Last error: self-signed certificate in certificate chain. Resolution note: '), '127.0.0.1:7720');
    assert.equal(
      text,
      "127.0.0.1:7720 presented a certificate that the CA in this node's tls.ca did not issue (self-signed certificate in certificate chain): both nodes must use certificates from the same network CA (compare `lienthong pki show` on each side)",
    );
    assert.match(describeFailure(unavailable('No connection established. Last error: unable to get local issuer certificate'), 'x:1'), /^x:1 presented a certificate that the CA in this node's tls\.ca did not issue/);
    assert.match(describeFailure(unavailable('No connection established. Last error: certificate has expired'), 'x:1'), /^x:1 presented an expired certificate/);
  });
  it('keeps our own identity check readable', () => {
    const text = describeFailure(unavailable('No connection established. Last error: Error: peer certificate names node 000.00.00.H41, expected node 000.00.00.H29: the address this node dials for 000.00.00.H29 reaches 000.00.00.H41: either the code is wrong (parent.code or laterals[].code) or the address is (parent.address or laterals[].address) in this node\'s configuration'), 'x:1');
    assert.equal(text, 'peer certificate names node 000.00.00.H41, expected node 000.00.00.H29: the address this node dials for 000.00.00.H29 reaches 000.00.00.H41: either the code is wrong (parent.code or laterals[].code) or the address is (parent.address or laterals[].address) in this node\'s configuration');
  });
  it('drops the trailing resolution note of other gRPC failures', () => {
    assert.equal(describeFailure(unavailable('something else. Resolution note: '), 'x:1'), 'UNAVAILABLE: something else.');
  });
});

describe('a node a client cannot reach', () => {
  it('says nothing listens on a socket left by a node killed without a clean stop, and what to do', () => {
    const e = fromServiceError(unavailable('No connection established. Last error: Error: connect ECONNREFUSED /srv/lienthong/data/admin.sock. Resolution note: '));
    assert.equal(e.code, 'NODE_UNREACHABLE');
    assert.equal(e.message, 'node unreachable: nothing listens on /srv/lienthong/data/admin.sock: the node is not running (one stopped without a clean shutdown leaves its socket behind) or still starting; start it with `lienthong start --config ...`');
    assert.match(unreachable('No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:7700'), /^node unreachable: nothing listens at 127\.0\.0\.1:7700: is the node running/);
  });
  it('says a call cut halfway may or may not have been taken, and to send again under the same id', () => {
    assert.match(unreachable('read ECONNRESET'), /broke during the call \(read ECONNRESET\): for a send, whether the node took what was sent is unknown; .*same message id.*If every call ends so, the node may be refusing this client's certificate/);
    const cli = unreachable('read ECONNRESET', false);
    assert.match(cli, /broke during the call .*same message id .*If the node stopped \(`lienthong status` says so\), start it again first$/);
    assert.doesNotMatch(cli, /certificate/, 'the admin socket takes no certificate');
  });
});
