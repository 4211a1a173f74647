/**
 * The checks of this node's own certificate made before anything is created: issued by the network
 * CA, a node certificate for node.code, and within its validity period. A start refused for one of
 * them leaves nothing behind.
 */
import { LienthongError } from '../domain/errors.js';
import type { Clock } from '../domain/types.js';
import type { TlsMaterial } from '../link/tls-credentials.js';
import { identityFromPem, validityProblem, verifyIssuedBy, type CertIdentity } from '../pki/identity.js';
import type { LoadedConfig } from './config-load.js';

/** This node's identity from tls.cert; throws CERTIFICATE_INVALID, naming the fix, when peers would refuse it. */
export function checkOwnCertificate(config: LoadedConfig, tls: TlsMaterial, now: Clock): CertIdentity {
  const myCert = identityFromPem(tls.cert.toString('utf8'));
  if (!verifyIssuedBy(tls.cert.toString('utf8'), tls.ca.toString('utf8'))) {
    throw new LienthongError('CERTIFICATE_INVALID', `tls.cert ${config.tls.cert} was not issued by the CA in tls.ca ${config.tls.ca}: peers would refuse it; issue it from the network CA with \`lienthong pki issue\``);
  }
  if (myCert.code !== config.node.code || myCert.role !== 'node') {
    throw new LienthongError('CERTIFICATE_INVALID', `tls.cert is the ${myCert.role} certificate of ${myCert.code}, but node.code is ${config.node.code}: issue a node certificate with \`lienthong pki issue --role node --code ${config.node.code}\``);
  }
  // Peers refuse a certificate outside its validity period (and name the wrong side: only its
  // connection reset reaches them, or this node's log blames them), so the node does not start with one.
  const invalidNow = validityProblem(myCert, now(), `tls.cert ${config.tls.cert} (the node certificate of ${myCert.code}, serial ${myCert.serial})`,
    `issue a new one with \`lienthong pki issue --dir PKI --role node --code ${myCert.code}\`, point tls.cert and tls.key at the new pair and start again`);
  if (invalidNow) throw new LienthongError('CERTIFICATE_INVALID', `node ${config.node.code} does not start, since every peer would refuse its certificate: ${invalidNow}`);
  return myCert;
}
