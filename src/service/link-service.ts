/**
 * Server side of node links: a child (or a lateral peer configured to dial us) opens a stream. The
 * caller's certificate must be a node certificate from the network CA naming a configured child or
 * lateral peer, not on the revocation list, and its Hello must carry the same code.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ConnectRequest__Output } from '../gen/lienthong/v1/ConnectRequest.js';
import type { ConnectResponse } from '../gen/lienthong/v1/ConnectResponse.js';
import type { LinkFrame__Output } from '../gen/lienthong/v1/LinkFrame.js';
import { frameStream } from '../link/frame-stream.js';
import type { LinkServiceHandlers } from '../gen/lienthong/v1/LinkService.js';
import { asLienthongError, LienthongError } from '../domain/errors.js';
import type { LinkRegistry } from '../link/link-registry.js';
import { LinkSession, type FrameStream } from '../link/link-session.js';
import { callerIdentity, type RevocationCheck } from '../link/tls-credentials.js';
import { acceptorOffset } from '../link/clock-skew.js';
import { notePeerClock, ownHello } from '../link/hello.js';
import { aRole, type CertIdentity } from '../pki/identity.js';
import type { PeerContext } from '../node/peer-transfer.js';
import { LogThrottle } from '../domain/log-throttle.js';
import { toServiceError } from './grpc-status.js';

export interface LinkServiceOptions {
  self: string;
  version: string;
  window: number;
  registry: LinkRegistry;
  /** Peers allowed to dial this node, with their context. */
  acceptable: (code: string) => PeerContext | undefined;
  /** `peerBatches`: the peer's Hello says it reads TransferBatch frames. */
  newSession: (peer: PeerContext, stream: FrameStream, peerBatches: boolean) => LinkSession;
  isDraining: () => boolean;
  /** Refuses certificates on the revocation list. */
  revoked?: RevocationCheck;
  /** Counts a link refused: the certificate's code ('' without one) and the error code. */
  onRefused?: (peer: string, code: string) => void;
  /** This node's clock (its Hello carries it; the peer's is compared with it). */
  now?: () => number;
  log: Logger;
}

/** The caller's certificate, revoked or not; null without a readable one. */
function callerCertificate(call: Parameters<typeof callerIdentity>[0]): CertIdentity | null {
  try {
    return callerIdentity(call);
  } catch {
    return null;
  }
}

/**
 * One 'link refused' warn line per caller (its certificate's code, or its address without one) and
 * error code at most this often; the others at debug, every one counted. A revoked child keeps
 * redialling, and each attempt must not cost a line.
 */
export const LINK_REFUSED_LOG_EVERY_MS = 60_000;

export function linkService(o: LinkServiceOptions): LinkServiceHandlers {
  const now = o.now ?? Date.now;
  const secondLinks = new LogThrottle(600_000, now);
  const refusedLines = new LogThrottle(LINK_REFUSED_LOG_EVERY_MS, now);
  return {
    Connect(call: grpc.ServerDuplexStream<ConnectRequest__Output, ConnectResponse>) {
      let peer: PeerContext;
      let id: CertIdentity;
      try {
        if (o.isDraining()) throw new LienthongError('SHUTTING_DOWN', `node ${o.self} is shutting down`);
        id = callerIdentity(call, o.revoked);
        if (id.role !== 'node') {
          throw new LienthongError('NOT_AUTHORIZED', `${aRole(id.role)} certificate (${id.code}) cannot open a node link; use a node certificate`);
        }
        const ctx = o.acceptable(id.code);
        if (!ctx) {
          throw new LienthongError('NOT_AUTHORIZED', `node ${id.code} is not a configured child or lateral peer of ${o.self}: add it to children (or laterals) in the configuration`);
        }
        peer = ctx;
      } catch (err) {
        const e = asLienthongError(err);
        const presented = callerCertificate(call);
        const claimed = presented?.code ?? '';
        const remote = call.getPeer();
        const line = refusedLines.take(`${claimed || remote.replace(/:\d+$/, '')} ${e.code}`);
        if (line) o.log.warn({ peer: claimed || undefined, remote, code: e.code, reason: e.message, heldBack: line.suppressed }, 'link refused');
        else o.log.debug({ peer: claimed || undefined, remote, code: e.code, reason: e.message }, 'link refused');
        o.onRefused?.(claimed, e.code);
        // A configured peer refused for its certificate: `status` shows why its link stays down, and
        // the certificate it presented (revoked: a warning), also after this node restarts.
        if (e.code === 'CERTIFICATE_REVOKED') o.registry.failed(claimed, e.message, presented, true);
        call.emit('error', toServiceError(e));
        return;
      }
      const log = o.log.child({ peer: peer.code });
      let session: LinkSession | null = null;
      let ended = false;
      const end = (reason: string) => {
        if (ended) return;
        ended = true;
        if (session) {
          const said = session.peerSaidGoodbye;
          const why = said === null ? reason : LinkSession.stoppedCleanly(said);
          void session.close(why);
          o.registry.detach(peer.code, session, why);
          if (said === null) log.warn({ reason }, 'link down');
          else log.info({ reason: why }, 'link down');
        }
      };
      const frames = frameStream(call);
      let helloSeen = false;
      const onHello = (f: LinkFrame__Output) => {
        if (helloSeen) return;
        helloSeen = true;
        const receivedMs = now();
        if (!f.hello || f.hello.nodeCode !== peer.code) {
          log.warn({ got: f.hello?.nodeCode }, 'first frame is not a Hello naming the certificate\'s code');
          call.emit('error', toServiceError(new LienthongError('NOT_AUTHORIZED', `Hello must name ${peer.code}, the code in the certificate`)));
          return;
        }
        const remote = call.getPeer();
        const current = o.registry.get(peer.code);
        if (current?.session && current.state === 'up') {
          // First come, first served while its connection lives: letting each new connection replace
          // the current one made two nodes running with one certificate take turns, splitting the
          // documents of their subtree between them without a word.
          const e = new LienthongError(
            'PEER_BUSY',
            `node ${peer.code} is already linked to ${o.self} from ${current.remote || 'another connection'} since ${new Date(current.sinceMs).toISOString()}: ` +
              `if ${peer.code} was restarted, its old connection is found dead within about 30 s and its next attempt gets in; if both are running, two nodes use the certificate of ${peer.code}: stop one`,
          );
          // One error line per peer every 10 minutes (a node waiting for its old connection to be
          // found dead retries meanwhile); the others at debug, all of them counted.
          const line = secondLinks.take(peer.code);
          if (line) log.error({ remote, current: current.remote, code: e.code, heldBack: line.suppressed }, 'second link for the same node refused');
          else log.debug({ remote, current: current.remote, code: e.code }, 'second link for the same node refused');
          o.onRefused?.(peer.code, e.code);
          call.emit('error', toServiceError(e));
          return;
        }
        frames.write({ hello: ownHello({ self: o.self, version: o.version, window: o.window, nowMs: now() }) });
        session = o.newSession(peer, frames, f.hello.transferBatches === true);
        o.registry.attach(peer.code, session, id, remote);
        log.info('link up');
        notePeerClock({ registry: o.registry, peer: peer.code, who: `${peer.role} ${peer.code}`, offset: acceptorOffset(Number(f.hello.sentAtMs), receivedMs), nowMs: receivedMs, log });
      };
      frames.on('data', onHello);
      call.on('end', () => {
        end('peer closed the stream');
        call.end();
      });
      call.on('cancelled', () => end('peer went away'));
      call.on('error', (err) => end(err.message));
      call.on('close', () => end('stream closed'));
    },
  };
}
