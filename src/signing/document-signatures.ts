/**
 * Document signatures at a node: signing on behalf of an attached agency whose key the node holds,
 * and verifying before a message is taken in. The rules are here; the arithmetic runs in the
 * signature workers.
 *
 * A document must be signed by an agency certificate from the network CA that binds the
 * document's sender, valid when the document was made and not revoked. Statuses travel unsigned
 * (protected link by link by mutual TLS); one that is signed is checked too, and must be signed by
 * a node or by its own reporting agency.
 */
import { LienthongError } from '../domain/errors.js';
import { signedForm } from '../domain/signed-form.js';
import type { Message, MessageSignature, SignatureAlgorithm, SignerInfo } from '../domain/types.js';
import { SIGNATURE_ALGORITHMS } from './signature-crypto.js';
import type { SignaturePool } from './signature-pool.js';
import type { SignerCertificates } from './signer-certificates.js';

/** The key of an agency this node signs for. */
export interface AgencyKey {
  code: string;
  algorithm: SignatureAlgorithm;
  /** Its certificate, DER base64. */
  certificate: string;
  /** The certificate's serial (uppercase hex) and end, for `status` and `check`. */
  serial: string;
  notAfterMs: number;
}

/** What the relay needs: sign for an attached agency, verify anything that arrives. */
export interface Signatures {
  /** Signs document `m` with the key of its sender; SIGNATURE_INVALID when the node holds none, CERTIFICATE_REVOKED or CERTIFICATE_INVALID when its certificate may not sign. */
  sign(m: Message): Promise<MessageSignature>;
  /**
   * Checks `m`'s signature; returns the signer, or throws SIGNATURE_INVALID saying what is wrong.
   * From an agency (`fromAgency`), a signature that does not match quotes the node's signed form.
   */
  verify(m: Message, fromAgency?: boolean): Promise<SignerInfo | null>;
}

/** Longest signed form quoted back to an agency whose signature does not match. */
const FORM_QUOTE_CHARS = 4_000;

/**
 * At the agency edge a signature that does not match is most often the agency's software signing
 * another form than the node builds (a default not filled, an id in uppercase): the answer shows
 * the node's form, to compare with the client's own. Peers get no such echo.
 */
function signedFormHint(form: Buffer, edxml: boolean): string {
  const text = form.toString('utf8');
  const shown = text.length > FORM_QUOTE_CHARS ? `${text.slice(0, FORM_QUOTE_CHARS)}… (${text.length} characters)` : text;
  // A package's form is long, and a refusal's text is cut to 1 KiB on the wire: form_only answers it whole.
  const whole = edxml ? '; SendEdxml with form_only answers these bytes whole' : '';
  return `the sending software signed other bytes than the node's signed form of it (README, "Signing in an agency's own software"${whole}): ${shown}`;
}

function bad(message: string): LienthongError {
  return new LienthongError('SIGNATURE_INVALID', message);
}

export class DocumentSignatures implements Signatures {
  constructor(
    private readonly self: string,
    private readonly certificates: SignerCertificates,
    private readonly pool: SignaturePool,
    /** By agency code; the pool holds the private keys under the same ids. */
    private readonly keys: ReadonlyMap<string, AgencyKey>,
  ) {}

  /** The certificates of the agencies this node signs for. */
  signingKeys(): AgencyKey[] {
    return [...this.keys.values()];
  }

  async sign(m: Message): Promise<MessageSignature> {
    const key = this.keys.get(m.from);
    if (!key) {
      throw bad(`document from ${m.from} is not signed and node ${this.self} holds no signing key for it: sign it in the agency's software (AgencyClient signs with its agency certificate; an edXML package is signed over the bytes SendEdxml answers with form_only: README, "Signing in an agency's own software"), or give the node the agency's key under signing.agencyKeys`);
    }
    this.certificates.checkSigningKey(key.certificate, m.createdAtMs, m.from);
    const value = await this.pool.sign(key.algorithm, signedForm(m), key.code);
    return { algorithm: key.algorithm, certificate: key.certificate, value: value.toString('base64') };
  }

  async verify(m: Message, fromAgency = false): Promise<SignerInfo | null> {
    const sig = m.signature;
    if (!sig) {
      if (m.kind === 'status') return null;
      throw bad(`document ${m.id} from ${m.from} is not signed: every document must carry its sender agency's signature`);
    }
    if (!SIGNATURE_ALGORITHMS.includes(sig.algorithm)) {
      throw bad(`${m.kind} ${m.id}: signature algorithm "${sig.algorithm}" is not one of ${SIGNATURE_ALGORITHMS.join(', ')}`);
    }
    const signer = this.certificates.check(sig.certificate, m.createdAtMs);
    const id = signer.identity;
    const allowed = m.kind === 'document' ? id.role === 'agency' && id.code === m.from : id.role === 'node' || (id.role === 'agency' && id.code === m.from);
    if (!allowed) {
      throw bad(`${m.kind} ${m.id} is sent as ${m.from} but signed with the ${id.role} certificate of ${id.code}: a document must be signed by its own sender agency`);
    }
    if (signer.algorithm !== sig.algorithm) {
      throw bad(`${m.kind} ${m.id}: the signature says ${sig.algorithm} but the certificate of ${id.code} holds a key for ${signer.algorithm}`);
    }
    const form = signedForm(m);
    const ok = await this.pool.verify(sig.algorithm, form, sig.certificate, Buffer.from(sig.value, 'base64'));
    if (!ok) {
      const altered = `the signature of ${m.kind} ${m.id} does not match its envelope: it was altered after ${id.code} signed it`;
      throw bad(fromAgency ? `${altered}, or ${signedFormHint(form, m.edxml !== undefined)}` : altered);
    }
    return { code: id.code, role: id.role, certificateSerial: id.serial, algorithm: sig.algorithm, verified: true, verifiedAtNode: this.self };
  }
}
