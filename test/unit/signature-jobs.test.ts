import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignatureAlgorithm } from '../../src/domain/types.js';
import { runsInline, type WorkerJob } from '../../src/signing/signature-jobs.js';

const verify = (algorithm: SignatureAlgorithm): WorkerJob => ({ op: 'verify', algorithm, data: Buffer.alloc(0), certificate: '', signature: Buffer.alloc(0) });
const sign: WorkerJob = { op: 'sign', algorithm: 'RSA-SHA256', data: Buffer.alloc(0), keyId: 'x' };

describe('runsInline: where a batch of signature jobs runs', () => {
  it('checks on the event loop verifications that cost at most 1 ms together (about 40 RSA checks)', () => {
    assert.equal(runsInline([verify('RSA-SHA256')]), true);
    assert.equal(runsInline(Array.from({ length: 40 }, () => verify('RSA-SHA256'))), true);
    assert.equal(runsInline(Array.from({ length: 15 }, () => verify('ECDSA-SHA256'))), true);
    assert.equal(runsInline(Array.from({ length: 9 }, () => verify('Ed25519')), 1), true);
  });

  it('runs a lone job of any kind here while no worker runs (starting one costs more than the job)', () => {
    assert.equal(runsInline([sign], 0), true);
    assert.equal(runsInline([verify('Ed25519')], 0), true);
    assert.equal(runsInline([{ ...sign, algorithm: 'Ed25519' }], 0), true);
  });

  it('hands off batches, and slow algorithms and signing once a worker runs', () => {
    assert.equal(runsInline(Array.from({ length: 41 }, () => verify('RSA-SHA256'))), false);
    assert.equal(runsInline(Array.from({ length: 16 }, () => verify('ECDSA-SHA256'))), false);
    assert.equal(runsInline(Array.from({ length: 10 }, () => verify('Ed25519')), 1), false);
    assert.equal(runsInline([sign], 1), false);
    assert.equal(runsInline([sign, sign], 0), false);
    assert.equal(runsInline([verify('RSA-SHA256'), sign], 0), false);
    assert.equal(runsInline([verify('RSA-SHA256')], 2), true, 'a cheap check stays here even with workers running');
    assert.equal(runsInline([verify('MD5' as SignatureAlgorithm)]), false, 'an unknown algorithm goes where errors are handled anyway');
    assert.equal(runsInline([{ ...sign, algorithm: 'MD5' as SignatureAlgorithm }]), false);
    assert.equal(runsInline([]), false);
  });
});
