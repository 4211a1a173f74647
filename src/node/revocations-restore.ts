/**
 * The revocation list a node enforces from its start: the last one persisted in its data directory,
 * until a newer one arrives. A stored list that cannot be used stops the start (fail closed).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { asLienthongError, LienthongError } from '../domain/errors.js';
import type { Clock } from '../domain/types.js';
import { REVOCATIONS_FILE, readRevocationFile, writeRevocationFile } from '../pki/revocation-file.js';
import { RevocationState } from '../pki/revocation-state.js';

/** The state, persisted to `dataDir` on every change, with the saved list restored; throws REVOCATION_LIST_INVALID. */
export function restoreRevocations(dataDir: string, caCertPem: Buffer, now: Clock, log: Logger): RevocationState {
  const revocationsPath = join(dataDir, REVOCATIONS_FILE);
  const revocations = new RevocationState({ caCertPem, now, persist: (signed) => writeRevocationFile(revocationsPath, signed) });
  try {
    const saved = readRevocationFile(revocationsPath);
    if (saved) {
      const list = revocations.restore(saved);
      log.info({ version: list.version, entries: list.entries.length }, 'revocation list restored');
    }
  } catch (err) {
    // Fail closed: starting without the list this node last enforced would let every certificate
    // it revoked back in (a revoked child could link before the parent's list arrives).
    const e = asLienthongError(err);
    throw new LienthongError(
      'REVOCATION_LIST_INVALID',
      `the stored revocation list ${revocationsPath} cannot be used (${e.message}); the node does not start without the list it last enforced, ` +
        `since revoked certificates would be let in. Restore the file from a backup or copy the current ${REVOCATIONS_FILE} from the PKI directory ` +
        '(`lienthong pki revocations --file FILE --ca CA` checks a copy first); if tls.ca was replaced on purpose, delete the file: the node then takes the list its parent sends',
      { cause: err },
    );
  }
  return revocations;
}
