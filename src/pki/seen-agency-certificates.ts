/**
 * The client certificates agencies' software presented to this node, the latest per agency code:
 * read once per connection (src/service/auth-context-per-connection.ts) and shown by `status`, which
 * warns of those revoked or expiring within `check.certificateWarning`. An agency whose certificate
 * expires loses every call at once, and nothing on the node said so before. Kept in memory: what
 * was seen since the node started.
 */
import type { PeerCertificate } from 'node:tls';
import type { Clock } from '../domain/types.js';
import { identityFromPeerCertificate } from './identity.js';

export interface SeenAgencyCertificate {
  code: string;
  serial: string;
  notAfterMs: number;
  /** When a connection with it last began. */
  seenAtMs: number;
}

export class SeenAgencyCertificates {
  private readonly byCode = new Map<string, SeenAgencyCertificate>();

  constructor(private readonly now: Clock) {}

  /** A client certificate read on a new connection; only agency certificates are kept. */
  saw(cert: PeerCertificate): void {
    let id;
    try {
      id = identityFromPeerCertificate(cert);
    } catch {
      return; // refused by the call itself, with the reason
    }
    if (id.role !== 'agency') return;
    this.byCode.set(id.code, { code: id.code, serial: id.serial, notAfterMs: id.notAfterMs, seenAtMs: this.now() });
  }

  /** By agency code. */
  list(): SeenAgencyCertificate[] {
    return [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}
