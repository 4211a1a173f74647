/**
 * Mutual-TLS credentials for the peer port and for dialing a peer. TLS 1.2 is the oldest version
 * spoken either way (1.3 is negotiated whenever both ends have it), whatever the process-wide
 * default. The server requires a client certificate issued by the network CA; a dialer checks that
 * the server's certificate names the node it meant to reach (the code bound in the certificate, not
 * the host name) and is not on the revocation list.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { MAX_BODY_BYTES } from '../domain/envelope.js';
import { LienthongError } from '../domain/errors.js';
import { identityFromPeerCertificate, type CertIdentity } from '../pki/identity.js';
import { CHANNEL_FLOW_CONTROL } from './flow-control.js';

/** The oldest TLS version a node accepts or offers. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/**
 * The cipher suites a node offers and accepts: TLS 1.3's three (named in full, the only way to list
 * them), then for TLS 1.2 only ephemeral key exchange with AEAD ciphers (forward secrecy): ECDHE
 * first, then DHE with RSA and AES-GCM last, for TLS stacks that have no ECDHE-RSA with AES-GCM
 * (Windows' SChannel before Windows 10 and Server 2016: Windows 7, 8.1, Server 2012 R2, which some
 * agencies' document software still runs on). Node's default list also accepts static-RSA and CBC
 * suites in TLS 1.2 (AES128-SHA: an operator probe connected with it).
 */
export const CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384',
].join(':');

/**
 * How long a client has to finish its TLS handshake on the peer port (Node's default is 120 s): a
 * connection that opens and says nothing (a port scan, a slow-loris) is dropped after this. Two
 * round trips on the slowest commune link take well under it.
 */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Why a certificate is revoked (an operator's sentence), or null when it is not. */
export type RevocationCheck = (id: CertIdentity) => string | null;

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
  const read = (path: string, what: string, todo: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new LienthongError('CERTIFICATE_INVALID', `cannot read the ${what} ${path}: ${(err as Error).message}; ${todo}`, { cause: err });
    }
  };
  // Relative paths are the configuration file's folder's (config-load resolves them), which is
  // where a newcomer who ran `pki init` elsewhere does not look; and a second CA breaks every link.
  return {
    ca: read(files.ca, 'CA certificate (tls.ca)', "copy there the network's ca.crt (made once by `lienthong pki init` at the national operator; do not run pki init for this node: no other node would trust its CA), or point tls.ca at it (relative paths are read from the configuration file's folder)"),
    cert: read(files.cert, 'certificate (tls.cert)', 'issue it with `lienthong pki issue --code CODE --role node` where the network CA is kept and copy it there, or point tls.cert at it'),
    key: read(files.key, 'private key (tls.key)', 'it comes with the certificate from `lienthong pki issue`: copy it there, or point tls.key at it'),
  };
}

/**
 * grpc-js's createSsl takes no TLS version, but a ServerCredentials is just the options handed to
 * http2.createSecureServer (constructor options, then secure context options), so this one adds
 * minVersion and a handshake timeout to what createSsl would give: the network CA, this node's
 * pair, a client certificate required and checked.
 */
class PeerPortCredentials extends grpc.ServerCredentials {
  constructor(m: TlsMaterial) {
    super(
      { requestCert: true, rejectUnauthorized: true, minVersion: MIN_TLS_VERSION, handshakeTimeout: HANDSHAKE_TIMEOUT_MS },
      // dhparam 'auto': OpenSSL's well-known group sized to the key (2048 bits for RSA-2048), without which DHE suites are silently off.
      { ca: m.ca, cert: [m.cert], key: [m.key], minVersion: MIN_TLS_VERSION, ciphers: CIPHERS, dhparam: 'auto' },
    );
  }

  override _equals(other: grpc.ServerCredentials): boolean {
    return other === this;
  }
}

export function serverCredentials(m: TlsMaterial): grpc.ServerCredentials {
  return new PeerPortCredentials(m);
}

/**
 * What the refusals below say, as the dialer reads them back from gRPC's text (the only form in
 * which they reach it): a certificate naming another node, or a revoked one.
 */
export const PEER_CERTIFICATE_REFUSED = /peer certificate names \S+ \S+, expected|peer .*was revoked/i;

/**
 * Credentials that accept only a server whose certificate binds `expected` with `role` (and, with
 * `revoked`, is not revoked). Built from a secure context so the TLS version floor applies.
 */
export function dialCredentials(m: TlsMaterial, expected: string, role: CertIdentity['role'], revoked?: RevocationCheck): grpc.ChannelCredentials {
  const context = createSecureContext({ ca: m.ca, key: m.key, cert: m.cert, minVersion: MIN_TLS_VERSION, ciphers: CIPHERS });
  return grpc.credentials.createFromSecureContext(context, {
    checkServerIdentity: (_host, cert) => {
      try {
        const id = identityFromPeerCertificate(cert);
        if (id.role !== role || id.code !== expected) {
          return new Error(`peer certificate names ${id.role} ${id.code}, expected ${role} ${expected}: the address this node dials for ${expected} reaches ${id.code}: either the code is wrong (parent.code or laterals[].code) or the address is (parent.address or laterals[].address) in this node's configuration`);
        }
        const why = revoked?.(id);
        if (why) return new LienthongError('CERTIFICATE_REVOKED', `peer ${why}: this node will not talk to it until it presents a new certificate`);
        return undefined;
      } catch (err) {
        return err as Error;
      }
    },
  });
}

/** Identities of the certificate objects calls answer with (one per connection: auth-context-per-connection.ts). */
const identities = new WeakMap<PeerCertificate, CertIdentity>();

/**
 * The identity of the client on a server call, from its TLS certificate. With `revoked`, a revoked
 * certificate is refused (CERTIFICATE_REVOKED) on every call, so a connection opened before the
 * revocation gets nothing more either.
 */
export function callerIdentity(call: { getAuthContext(): { sslPeerCertificate?: PeerCertificate } }, revoked?: RevocationCheck): CertIdentity {
  const cert = call.getAuthContext().sslPeerCertificate;
  if (!cert || Object.keys(cert).length === 0) {
    throw new LienthongError('UNAUTHENTICATED', 'no client certificate: connect with a certificate issued by `lienthong pki issue`');
  }
  let id = identities.get(cert);
  if (id === undefined) identities.set(cert, (id = identityFromPeerCertificate(cert)));
  const why = revoked?.(id);
  if (why) {
    throw new LienthongError('CERTIFICATE_REVOKED', `${why}: issue a new one with \`lienthong pki issue --code ${id.code} --role ${id.role}\` and install it`);
  }
  return id;
}

/**
 * The largest gRPC message a node sends or takes, on links and from agencies: the largest inline body
 * (MAX_BODY_BYTES) with room for its envelope, trace and attachment list (a link frame of several
 * transfers is cut at ≈ 1 MiB, plus its last transfer). grpc-js holds a whole message in memory
 * before a handler sees it, so this bounds what one call can make a node allocate (a larger one
 * ends with RESOURCE_EXHAUSTED as soon as its length is read).
 */
export const MAX_MESSAGE_BYTES = MAX_BODY_BYTES + 2 * 1024 * 1024;

export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 15_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 5_000,
  ...CHANNEL_FLOW_CONTROL,
};

export const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.http2.min_ping_interval_without_data_ms': 5_000,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
};
