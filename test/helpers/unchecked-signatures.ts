/**
 * A stand-in for a node's signatures in unit and component tests of storage, routing and links
 * that do not exercise signing: it signs with nothing and accepts everything. Tests of signatures
 * use the real ones (test/unit/signatures.test.ts, test/net/signatures.test.ts).
 */
import type { Signatures } from '../../src/signing/document-signatures.js';

export const UNCHECKED_SIGNATURES: Signatures = {
  sign: async () => ({ algorithm: 'Ed25519', certificate: '', value: '' }),
  verify: async () => null,
};
