/**
 * A running node: store, relay, peer port (links + agency API over mutual TLS), admin socket,
 * dialers to the parent and lateral peers, and upkeep. Every resource registers its release;
 * `stop()` drains (no new work, in-flight transfers finish) and releases them in reverse.
 * This file holds the order; the steps live beside it: own-certificate, revocations-restore,
 * start-warnings, grpc-servers, tls-refusal-log, memory-upkeep, health-watch, upkeep-timers, node-stop.
 */
import { chmodSync, rmSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { NodeSummary } from '../gen/lienthong/v1/NodeSummary.js';
import type { Logger } from 'pino';
import { levelOf } from '../domain/agency-code.js';
import { LienthongError } from '../domain/errors.js';
import { subtreesOf } from '../domain/route-table.js';
import { LINK_RECONNECT, OUTBOX_RETRY, type BackoffPolicy } from '../domain/retry-schedule.js';
import type { Clock } from '../domain/types.js';
import { CheckpointSigner } from '../audit/audit-checkpoint.js';
import { widenServerWindows } from '../link/flow-control.js';
import { LinkDialer } from '../link/link-dialer.js';
import { LinkRegistry } from '../link/link-registry.js';
import { LinkSession, type FrameStream } from '../link/link-session.js';
import { callerIdentity, readTlsFiles, serverCredentials, SERVER_OPTIONS } from '../link/tls-credentials.js';
import { parseCertificate } from '../pki/identity.js';
import { revocationCheck, type RevocationView } from '../pki/revocation-state.js';
import { adminService } from '../service/admin-service.js';
import { agencyService } from '../service/agency-service.js';
import { linkService } from '../service/link-service.js';
import { loadProto } from '../service/proto.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import { FileAttachmentStore } from '../store/files/file-attachment-store.js';
import { openSqliteStore } from '../store/sqlite/open.js';
import type { Store } from '../store/store.js';
import type { LoadedConfig } from './config-load.js';
import { routeTableFromConfig } from './config-routes.js';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { auditHeadPath } from './audit-head-file.js';
import { lockDataDir } from './data-dir-lock.js';
import { NodeHealth } from './health.js';
import { healthChecker } from './health-watch.js';
import { bindServer, forceShutdown, serverInterceptors } from './grpc-servers.js';
import { EdxmlGateway } from './edxml-gateway.js';
import { Maintenance } from './maintenance.js';
import { startMemoryUpkeep } from './memory-upkeep.js';
import { NetworkView } from './network-view.js';
import { isLoopbackListen, serveOperatorHttp } from './operator-http.js';
import { NodeMetrics } from './metrics.js';
import { SeenAgencyCertificates } from '../pki/seen-agency-certificates.js';
import { Refusals } from './refusals.js';
import { drainAndStop, releaseInReverse, type Release } from './node-stop.js';
import { checkOwnCertificate } from './own-certificate.js';
import { Relay } from './relay.js';
import type { PeerContext } from './peer-transfer.js';
import { startSignatures } from './signatures-start.js';
import { restoreRevocations } from './revocations-restore.js';
import { RevocationSpread } from './revocation-spread.js';
import { warnOfUnreachedWork } from './start-warnings.js';
import { logTlsRefusals } from './tls-refusal-log.js';
import { startUpkeepTimers } from './upkeep-timers.js';
import { VERSION } from './version.js';

export interface NodeOptions {
  log: Logger;
  now?: Clock;
  random?: () => number;
  /** How long a clean stop waits for in-flight transfers. */
  drainTimeoutMs?: number;
  expiryEveryMs?: number;
  /** How often the audit log is checkpointed (signed) while it grows; default 5 s. */
  auditCheckpointEveryMs?: number;
  /**
   * Start on a store that lost committed audit entries (`lienthong start --accept-audit-loss`): the
   * loss is recorded in the log. Without it such a start is refused (AUDIT_ENTRIES_LOST).
   */
  acceptAuditLoss?: boolean;
}

export interface RunningNode {
  readonly code: string;
  /** host:port the peer port is bound to (the real port when configured with :0). */
  readonly address: string;
  readonly adminSocket: string;
  /** host:port of the operator HTTP endpoint (/metrics, /, /api/network), when http.listen is set. */
  readonly httpAddress: string | null;
  readonly relay: Relay;
  readonly store: Store;
  readonly registry: LinkRegistry;
  readonly files: AttachmentStore;
  readonly gateway: EdxmlGateway;
  readonly metrics: NodeMetrics;
  /** The network CA's revocation list this node enforces (links, agencies, document signers). */
  readonly revocations: RevocationView;
  draining: boolean;
  stop(): Promise<void>;
  /** Runs the expiry sweep now (tests, operator). */
  expireNow(): Promise<number>;
  /** Collects attachment files no message needs now (tests, operator). */
  collectFilesNow(): Promise<number>;
}

export async function startNode(config: LoadedConfig, opts: NodeOptions): Promise<RunningNode> {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const log = opts.log.child({ node: config.node.code });
  const releases: Release[] = [];
  const releaseAll = () => releaseInReverse(releases, log);

  // Checks that need no data directory come first, so a start refused for them leaves nothing behind.
  const tls = readTlsFiles(config.tls);
  const myCert = checkOwnCertificate(config, tls, now);
  // A data directory this start creates is removed again if the start fails before the peer port
  // serves: until then no document can have arrived, and a retry with the mistake fixed starts clean.
  let serving = false;

  try {
    const lock = lockDataDir(config.node.dataDir);
    releases.push(() => (serving ? lock() : lock.discard()));

    // The revocation list this node enforces: the last one persisted, until a newer one arrives.
    const revocations = restoreRevocations(config.node.dataDir, tls.ca, now, log);
    const revoked = revocationCheck(revocations);
    const caCert = parseCertificate(tls.ca.toString('utf8'), 'CA certificate (tls.ca)');

    let observeCommit: ((seconds: number) => void) | undefined;
    const storeOpts: Parameters<typeof openSqliteStore>[0] = { path: config.databasePath, nowMs: now, onCommit: (s) => observeCommit?.(s) };
    if (config.limits.maxStoreBytes) storeOpts.maxBytes = config.limits.maxStoreBytes;
    const store = openSqliteStore(storeOpts);
    releases.push(() => store.close());
    // A store whose audit log another node signed: this node's checkpoints would follow that node's,
    // and `audit verify` would call the log tampered. Refused before anything is signed here.
    const signedBy = store.auditCheckpointNode();
    if (signedBy !== null && signedBy !== config.node.code) {
      throw new LienthongError('CONFIG_INVALID',
        `data folder ${config.node.dataDir} belongs to node ${signedBy} (its audit log is signed by it); node.code is ${config.node.code}: ` +
          `give this node its own data folder (node.dataDir), or set node.code back to ${signedBy}`);
    }
    const audit = new AuditCheckpoints({
      store, signer: new CheckpointSigner(config.node.code, tls.key, tls.cert.toString('utf8')), now, everyMs: opts.auditCheckpointEveryMs,
      log: log.child({ component: 'audit' }), headFile: auditHeadPath(config.node.dataDir),
    });
    // Before anything is written: a store that lost what this node committed is refused, or the loss recorded.
    const auditLoss = await audit.checkHeadAtStart(opts.acceptAuditLoss ?? false);
    await audit.checkUnsignedAtStart();
    audit.start();
    releases.push(() => audit.stop());
    const recovered = await store.recoverInflight(now());
    if (recovered) log.info({ recovered }, 'entries left in flight by the last run are queued again');
    // Due now, not when a backoff reckoned by the last run's clock says: a clock stepped back since
    // (NTP at boot) would hold them for the size of the step, with nothing to show it.
    const due = await store.flush([], now());
    if (due) log.info({ due }, 'queued entries are due now (a fresh start retries them at once)');

    const routes = routeTableFromConfig(config);
    const expirySeconds = Math.round(config.limits.expiry / 1000);
    const files = new FileAttachmentStore(config.attachmentsDir);
    releases.push(() => files.close());
    // Document signers are checked against the same revocation list as links and agencies.
    const signatures = startSignatures(config, tls.ca, revocations, log);
    releases.push(() => signatures.close());
    const relay = new Relay(config.node.code, store, routes, { maxDocumentBytes: config.limits.maxDocumentBytes, maxBodyBytes: config.limits.maxBodyBytes, expirySeconds, maxHops: config.limits.maxHops }, now, log.child({ component: 'relay' }), files, signatures.documents);

    const registry = new LinkRegistry(now);
    // Cut-through from the edge: a file an agency declared goes towards its next hops while its package arrives.
    const gateway = new EdxmlGateway({ relay, store, files, maxDocumentBytes: config.limits.maxDocumentBytes, now,
      passOn: (offer) => {
        for (const [hop, recipients] of relay.recipientsByHop(offer.recipients)) registry.get(hop)?.session?.prefetch({ ...offer, recipients });
      },
    });
    const metrics = new NodeMetrics(store, registry, config.node.code, files, revocations);
    const refusals = new Refusals(store, metrics.refused.bind(metrics), log.child({ component: 'refusals' }), now);
    observeCommit = metrics.observeCommit;
    const health = new NodeHealth();
    const dialerByPeer = new Map<string, LinkDialer>();
    const spread = new RevocationSpread({ state: revocations, registry, dialer: (p) => dialerByPeer.get(p), self: myCert, now, log: log.child({ component: 'revocations' }) });
    let onReport: (peer: string, nodes: NodeSummary[]) => void = () => undefined;
    let sendReport: ((to: LinkSession) => void) | undefined;
    relay.on('outbox', (peer: string | null) => registry.wake(peer));
    relay.direct = { claim: (hop, bytes) => registry.get(hop)?.session?.claim(bytes) ?? null };
    relay.linkNote = (hop) => registry.whyWaiting(hop);
    // Growth and jitter come from the shared policies; the operator sets the base and the cap.
    const retry: BackoffPolicy = { ...OUTBOX_RETRY, baseMs: config.retry.base, maxMs: config.retry.max };
    const reconnect: BackoffPolicy = { ...LINK_RECONNECT, baseMs: config.reconnect.base, maxMs: config.reconnect.max };
    const newSession = (peer: PeerContext, stream: FrameStream, peerBatches: boolean) => {
      const session = new LinkSession({
        peer, stream, peerBatches, relay, store, files, maxFileBytes: config.limits.maxDocumentBytes, window: config.limits.linkWindow, maxInflightBytes: 64 * 1024 * 1024,
        retry, now, random, log: log.child({ component: 'link', peer: peer.code }), metrics, refusals,
        onReport: (p, nodes) => onReport(p, nodes),
        // Cut-through: a file arriving for recipients further on starts towards their next hops at once.
        onFileOffer: (from, offer) => {
          // Each next hop hears of the recipients it carries, not the whole list.
          for (const [hop, recipients] of relay.recipientsByHop(offer.recipients)) if (hop !== from) registry.get(hop)?.session?.prefetch({ ...offer, recipients });
        },
        onRevocations: (from, list) => spread.fromPeer(from, list),
      });
      spread.linkUp(session);
      return session;
    };

    // Who may dial us, and what each may hand over.
    const acceptable = new Map<string, PeerContext>();
    const laterals = new Map<string, PeerContext>();
    for (const c of config.children) {
      registry.declare(c.code, 'child', '');
      acceptable.set(c.code, { code: c.code, role: 'child', allowedSenders: subtreesOf(routes, c.code) });
    }
    for (const l of config.laterals) {
      const ctx: PeerContext = { code: l.code, role: 'lateral', allowedSenders: [...(l.allowSenders ?? l.subtrees)] };
      registry.declare(l.code, 'lateral', l.address ?? '');
      laterals.set(l.code, ctx);
      if (!l.address) acceptable.set(l.code, ctx);
    }

    let draining = false;
    let boundAddress = config.node.listen;
    const proto = loadProto();
    // The agencies' client certificates, as their connections present them (status warns of expiry).
    const agencyCertificates = new SeenAgencyCertificates(now);
    const server = new grpc.Server({ ...SERVER_OPTIONS, interceptors: serverInterceptors(log.child({ port: 'peer' }), (c) => agencyCertificates.saw(c)) });
    server.addService(proto.LinkService.service, linkService({
      self: config.node.code, version: VERSION, window: config.limits.linkWindow, registry,
      acceptable: (code) => acceptable.get(code), newSession, isDraining: () => draining, revoked,
      onRefused: (peer, code) => metrics.connectionRefused(peer || 'unknown', code), now,
      log: log.child({ component: 'link-service' }),
    }));
    // A revoked certificate gets no answer from health either, like from every other service here.
    health.addTo(server, (call) => callerIdentity(call as never, revoked));
    server.addService(proto.AgencyService.service, agencyService({
      self: config.node.code, relay, store, refusals, attached: new Set(config.agencies), gateway, revocations, revoked, log: log.child({ component: 'agency-service' }),
    }));

    const admin = new grpc.Server({ ...SERVER_OPTIONS, interceptors: serverInterceptors(log.child({ port: 'admin' })) });
    admin.addService(proto.AdminService.service, adminService({
      self: config.node.code, level: levelOf(config.node.code), version: VERSION, startedAtMs: now(), relay, store, files, refusals, registry,
      attached: new Set(config.agencies), certificate: { subject: `${myCert.role} ${myCert.code}`, notAfterMs: myCert.notAfterMs, serial: myCert.serial },
      caCertificate: { subject: caCert.subject.replace(/\n/g, ', '), notAfterMs: Date.parse(caCert.validTo), serial: caCert.serialNumber.toUpperCase() },
      signingCertificates: () => signatures.documents.signingKeys().map((k) => ({ subject: `agency ${k.code}`, notAfterMs: k.notAfterMs, serial: k.serial })),
      agencyCertificates: () => agencyCertificates.list().map((a) => ({ subject: `agency ${a.code}`, notAfterMs: a.notAfterMs, serial: a.serial })),
      revocations, publishRevocations: (signed) => spread.accept(signed, 'operator'),
      listenAddress: () => boundAddress, draining: () => draining, requeueExtendMs: config.limits.expiry, now, gateway,
      auditLoss: auditLoss ? `${auditLoss.detail} (found at this start, accepted with --accept-audit-loss)` : '',
      log: log.child({ component: 'admin' }),
    }));
    health.addTo(admin);
    rmSync(config.adminSocket, { force: true });
    await bindServer(admin, `unix:${config.adminSocket}`, grpc.ServerCredentials.createInsecure());
    chmodSync(config.adminSocket, 0o600);
    releases.push(() => forceShutdown(admin));
    releases.push(() => rmSync(config.adminSocket, { force: true }));

    const view = new NetworkView({
      self: config.node.code, parent: config.parent?.code ?? null, level: levelOf(config.node.code), version: VERSION,
      startedAtMs: now(), certificateNotAfterMs: myCert.notAfterMs, store, registry, draining: () => draining, now,
      childSubtrees: (child) => acceptable.get(child)?.role === 'child' ? acceptable.get(child)!.allowedSenders : undefined,
      log: log.child({ component: 'network-view' }),
    });
    warnOfUnreachedWork(config, store, log);
    let httpAddress: string | null = null;
    if (config.http.listen) {
      const served = await serveOperatorHttp(config.http.listen, metrics.registry, view, config.node.code, now);
      httpAddress = config.http.listen.replace(/:\d+$/, `:${served.port}`);
      log.info({ http: httpAddress }, 'operator HTTP: /metrics, / (network view), /api/network');
      if (!isLoopbackListen(config.http.listen)) {
        log.warn({ http: httpAddress }, 'operator HTTP listens beyond this machine and has no authentication: anyone who reaches it reads the metrics and the network view; bind http.listen to 127.0.0.1 or put it behind your own proxy');
      }
      releases.push(served.close);
    }
    // The peer port is the last to listen, and links are dialled after it: every listener that can
    // fail (admin socket, HTTP, peer port) has failed before a document can arrive.
    const port = await bindServer(server, config.node.listen, serverCredentials(tls));
    boundAddress = config.node.listen.replace(/:\d+$/, `:${port}`);
    releases.push(() => forceShutdown(server));
    serving = true;
    logTlsRefusals(server, metrics, log);
    if (!widenServerWindows(server)) log.warn('this grpc-js does not expose its HTTP/2 servers: connections to the peer port keep 64 KiB flow-control windows, and large files cross links slower');

    const dialers: LinkDialer[] = [];
    const dialTargets = [
      ...(config.parent ? [{ code: config.parent.code, address: config.parent.address, ctx: { code: config.parent.code, role: 'parent' as const, allowedSenders: [] } }] : []),
      ...config.laterals.filter((l) => l.address).map((l) => ({ code: l.code, address: l.address!, ctx: laterals.get(l.code)! })),
    ];
    if (config.parent) registry.declare(config.parent.code, 'parent', config.parent.address);
    for (const t of dialTargets) {
      const dialer = new LinkDialer({
        self: config.node.code, peer: t.code, address: t.address, tls, window: config.limits.linkWindow, version: VERSION,
        registry, reconnect, random, revoked, now,
        newSession: (stream, peerBatches) => {
          const session = newSession(t.ctx, stream, peerBatches);
          // The parent hears about this subtree as soon as the link is up, not a period later.
          if (t.ctx.role === 'parent') setImmediate(() => sendReport?.(session));
          return session;
        }, log: log.child({ component: 'dialer', peer: t.code }),
      });
      dialers.push(dialer);
      dialerByPeer.set(t.code, dialer);
      dialer.start();
    }
    releases.push(() => Promise.all(dialers.map((d) => d.stop())));

    const maintenance = new Maintenance({ store, relay, now, retentionMs: config.limits.retention, expiryEveryMs: opts.expiryEveryMs ?? 5_000,
      files, attachmentRetentionMs: config.limits.attachmentRetention, log: log.child({ component: 'maintenance' }),
    });
    maintenance.start();
    releases.push(() => maintenance.stop());
    releases.push(...startMemoryUpkeep(store, log));

    let started = false;
    const checkHealth = healthChecker(health, store, log, () => ({ started, draining }));
    releases.push(...startUpkeepTimers({ spread, checkHealth, parent: config.parent?.code ?? null, registry, view }));
    onReport = (peer, nodes) => view.onReport(peer, nodes);
    sendReport = (to) => to.sendReport(view.subtreePb());
    started = true;
    checkHealth();

    log.info({ address: boundAddress, admin: config.adminSocket, parent: config.parent?.code ?? null, children: config.children.length, agencies: config.agencies.length }, 'node started');

    let stopping: Promise<void> | null = null;
    const node: RunningNode = {
      code: config.node.code,
      address: boundAddress,
      adminSocket: config.adminSocket,
      httpAddress,
      relay,
      store,
      registry,
      files,
      gateway,
      metrics,
      revocations: { isRevoked: (serial) => revocations.isRevoked(serial), current: () => revocations.current() },
      get draining() {
        return draining;
      },
      set draining(v: boolean) {
        draining = v;
        relay.draining = v;
        checkHealth();
      },
      expireNow: () => maintenance.expire(),
      collectFilesNow: () => maintenance.collectFiles(),
      stop() {
        if (stopping) return stopping;
        stopping = drainAndStop(node, registry, opts.drainTimeoutMs ?? 10_000, releaseAll, log);
        return stopping;
      },
    };
    return node;
  } catch (err) {
    await releaseAll();
    throw err;
  }
}
