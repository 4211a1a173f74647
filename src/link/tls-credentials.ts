/**
 * Mutual-TLS credentials for the peer port and for dialing a peer. The server requires a client
 * certificate issued by the network CA; a dialer checks that the server's certificate names the
 * node it meant to reach (the code bound in the certificate, not the host name).
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { LienthongError } from '../domain/errors.js';
import { identityFromPeerCertificate, type CertIdentity } from '../pki/identity.js';

export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new LienthongError(
        'CERTIFICATE_INVALID',
        `cannot read the ${what} ${path}: ${(err as Error).message}; create it with \`lienthong pki\``,
        { cause: err },
      );
    }
  };
  return { ca: read(files.ca, 'CA certificate (tls.ca)'), cert: read(files.cert, 'certificate (tls.cert)'), key: read(files.key, 'private key (tls.key)') };
}

export function serverCredentials(m: TlsMaterial): grpc.ServerCredentials {
  return grpc.ServerCredentials.createSsl(m.ca, [{ cert_chain: m.cert, private_key: m.key }], true);
}

/** Credentials that accept only a server whose certificate binds `expected` with `role`. */
export function dialCredentials(m: TlsMaterial, expected: string, role: CertIdentity['role']): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(m.ca, m.key, m.cert, {
    checkServerIdentity: (_host, cert) => {
      try {
        const id = identityFromPeerCertificate(cert);
        if (id.role !== role || id.code !== expected) {
          return new Error(`peer certificate names ${id.role} ${id.code}, expected ${role} ${expected}: check the address in the configuration`);
        }
        return undefined;
      } catch (err) {
        return err as Error;
      }
    },
  });
}

/** The identity of the client on a server call, from its TLS certificate. */
export function callerIdentity(call: { getAuthContext(): { sslPeerCertificate?: import('node:tls').PeerCertificate } }): CertIdentity {
  const cert = call.getAuthContext().sslPeerCertificate;
  if (!cert || Object.keys(cert).length === 0) {
    throw new LienthongError('UNAUTHENTICATED', 'no client certificate: connect with a certificate issued by `lienthong pki issue`');
  }
  return identityFromPeerCertificate(cert);
}

export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 15_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 256 * 1024 * 1024,
  'grpc.max_send_message_length': 256 * 1024 * 1024,
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 5_000,
};

export const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.http2.min_ping_interval_without_data_ms': 5_000,
  'grpc.max_receive_message_length': 256 * 1024 * 1024,
  'grpc.max_send_message_length': 256 * 1024 * 1024,
};
