/**
 * Section 7, a large attachment across six hops (commune → district → province → national →
 * province → district → commune, 7 processes, as in six-hops.ts): one document with one file of
 * seeded random bytes, sent by the first commune's agency as an edXML package over the agency API
 * (SendEdxml, so the edge's parsing and base64 decoding count), declaring the file's SHA-256 and
 * size as agencies' software may, so the first node passes it on while the package still arrives.
 * Three rates, one clock:
 *   - edge ingest: SendEdxml called → answered (the file stored whole at the sender's node);
 *   - end to end: SendEdxml called → delivered_at of the document in the recipient's inbox;
 *   - after acceptance: the first node's trace time → delivered_at (what the six links still had
 *     to do once the package was in; the file moved on during the ingest, cut-through everywhere);
 * and the peak resident memory of every node (VmHWM, cross-checked by sampling VmRSS). Then the
 * same nodes carry `warmDocuments` documents of 1 KiB (64 senders, closed loop), rest
 * `warmPauseMs`, and another file of the same size goes the same way: the peak memory of nodes that
 * have been working, not only of fresh ones (VmHWM restarted just before that file). The package
 * is built with exportEdxml before the clock starts, so the bench's own base64 encoding is not
 * counted; the file is fetched back (FetchAttachment) and its SHA-256 checked after the clock stops.
 */
import { createHash } from 'node:crypto';
import type { InboxItem__Output } from '../../src/gen/lienthong/v1/InboxItem.js';
import type { InboxResponse__Output } from '../../src/gen/lienthong/v1/InboxResponse.js';
import type { AgencyClient } from '../../src/client/agency-client.js';
import { emptyBusiness, emptyOrganization } from '../../src/edxml/edxml-document.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import type { DocumentPackage } from '../../src/edxml/edxml-types.js';
import type { DeclaredFile } from '../../src/node/edxml-gateway.js';
import { waitFor } from '../lib/wait-for.js';
import { withNetwork, type BenchNetwork } from './bench-network.js';
import type { Measurement } from './measurement.js';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './cpu-use.js';
import { memoryOf, resetPeak } from './proc-stats.js';
import { measureThroughput } from './throughput.js';
import { RECIPIENT, SENDER, TOPOLOGY } from './six-hops.js';
import type { Section } from './section.js';
import { bodies, perSecond, round, seededRandom, sleep, subSeed } from './stats.js';

export const ATTACHMENT_E2E_TARGET_MBPS = 50;
export const ATTACHMENT_RSS_TARGET_MB = 150;
/** The warm-up document's file: big enough to cross every link in several chunks. */
const WARM_UP_BYTES = 1024 * 1024;
const RSS_SAMPLE_MS = 50;

/** `size` bytes from the seeded source, 4 per draw (mulberry32 gives 32 random bits). */
function randomFile(random: () => number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let i = 0;
  for (; i + 4 <= size; i += 4) b.writeUInt32LE(Math.floor(random() * 4_294_967_296), i);
  for (; i < size; i++) b[i] = Math.floor(random() * 256);
  return b;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A document package from SENDER to RECIPIENT carrying `file`, as the agency's software writes it. */
function documentWith(file: Buffer, n: number, name: string): DocumentPackage {
  return {
    kind: 'document',
    header: {
      from: { ...emptyOrganization(), organId: SENDER, organName: 'UBND xã Thạch Hà' },
      to: [{ ...emptyOrganization(), organId: RECIPIENT }],
      documentId: `${SENDER},2026/11/20,${n}/BENCH`,
      codeNumber: String(n),
      codeNotation: 'BENCH',
      promulgationPlace: 'Hà Tĩnh',
      promulgationDate: '2026-11-20',
      documentType: { type: 1, typeDetail: 4, typeName: 'Công văn' },
      subject: `Văn bản thử tải tệp đính kèm số ${n}`,
      content: '',
      signerInfo: { competence: 'TM. UBND', position: 'Chủ tịch', fullName: 'Nguyễn Văn Đức' },
      dueDate: '',
      toPlaces: [],
      otherInfo: { priority: 0, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 0, pageAmount: 1, appendixes: [] },
      steeringType: 0,
      responseFor: [],
    },
    traceHeaders: [{ organId: SENDER, timestampMs: Date.UTC(2026, 10, 20, 1, 0, 0) }],
    business: emptyBusiness(),
    attachments: [{ contentId: `cid:bench-${n}`, contentType: 'application/zip', description: '', attachmentName: name, sha256: sha256(file), size: file.length }],
  };
}

/** The whole package in memory, in the pieces exportEdxml writes (the file fed in 1 MiB slices). */
async function buildPackage(pkg: DocumentPackage, file: Buffer): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for await (const piece of exportEdxml(pkg, async function* () {
    for (let at = 0; at < file.length; at += 1 << 20) yield file.subarray(at, at + (1 << 20));
  })) pieces.push(piece);
  return pieces;
}

/** The files the agency's software declares with the package (SHA-256 and size, by ContentId). */
const declared = (pkg: DocumentPackage): DeclaredFile[] => pkg.attachments.map((a) => ({ contentId: a.contentId, sha256: a.sha256, size: a.size }));

async function* replay(pieces: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const p of pieces) yield p;
}

/** The recipient's inbox item for `messageId`, polled over the admin socket; it arrives once. */
async function waitDelivered(bn: BenchNetwork, messageId: string, afterSeq: number, timeoutMs: number): Promise<InboxItem__Output> {
  const home = bn.home(RECIPIENT).name;
  return waitFor(`document ${messageId} in the inbox of ${RECIPIENT}`, async () => {
    const page = await bn.admin(home).call<object, InboxResponse__Output>('Inbox', { agency: RECIPIENT, includeAcknowledged: true, limit: 10, withBodies: false, afterSeq });
    return page.items.find((i) => i.message?.id === messageId);
  }, timeoutMs, 20);
}

/** SHA-256 of the file as the recipient's software downloads it. */
async function fetchedSha256(client: AgencyClient, messageId: string, sha: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const data of client.fetchAttachment(RECIPIENT, messageId, sha)) {
    hash.update(data);
    bytes += data.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Samples every node's VmRSS until stopped: `first` holds the first sample, `max` the highest seen. */
function sampleRss(bn: BenchNetwork, names: string[]): { first: Record<string, number>; max: Record<string, number>; stop: () => void } {
  const first = Object.fromEntries(names.map((n) => [n, memoryOf(bn.pid(n)).rssMB]));
  const max = { ...first };
  const sample = () => {
    for (const n of names) max[n] = Math.max(max[n]!, memoryOf(bn.pid(n)).rssMB);
  };
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  return {
    first,
    max,
    stop: () => {
      clearInterval(timer);
      sample();
    },
  };
}

interface Sent {
  messageId: string;
  startedAtMs: number;
  acceptedAtMs: number;
  item: InboxItem__Output;
}

/** Sends the package and waits for it in the recipient's inbox; `at` is called at send, acceptance and arrival. */
async function sendAndWait(bn: BenchNetwork, client: AgencyClient, pieces: readonly Buffer[], files: DeclaredFile[], timeoutMs: number, at: (moment: 'sent' | 'accepted' | 'delivered') => void = () => undefined): Promise<Sent> {
  await bn.newArrivals(RECIPIENT);
  const afterSeq = bn.inboxCursor(RECIPIENT);
  at('sent');
  const startedAtMs = Date.now();
  const r = await client.sendEdxml(replay(pieces), { files });
  const acceptedAtMs = Date.now();
  at('accepted');
  const item = await waitDelivered(bn, r.messageId, afterSeq, timeoutMs);
  at('delivered');
  return { messageId: r.messageId, startedAtMs, acceptedAtMs, item };
}

interface WarmPass {
  documents: number;
  documentsPerSec: number;
  pauseMs: number;
  rssBeforeMB: Record<string, number>;
  peakRssMB: Record<string, number>;
  endToEndMs: number;
}

/**
 * `documents` of 1 KiB through the six hops, `pauseMs` of quiet, then the package `pieces` (another
 * file than the first pass's, so every node stores and passes it again); peaks from VmHWM restarted
 * after the pause, and from sampling.
 */
async function warmPass(bn: BenchNetwork, names: string[], documents: number, pauseMs: number, pieces: readonly Buffer[], files: DeclaredFile[], random: () => number, timeoutMs: number): Promise<WarmPass> {
  const r = await measureThroughput(bn, { from: [SENDER], to: RECIPIENT, bodies: bodies(random, 1024, 16), count: documents, senders: 64 });
  await sleep(pauseMs);
  const rssBeforeMB = Object.fromEntries(names.map((n) => [n, memoryOf(bn.pid(n)).rssMB]));
  const reset = names.every((n) => resetPeak(bn.pid(n)));
  const sampler = sampleRss(bn, names);
  const sent = await sendAndWait(bn, bn.agencyClient(SENDER), pieces, files, timeoutMs).finally(sampler.stop);
  const peakRssMB = Object.fromEntries(names.map((n) => [n, reset ? Math.max(memoryOf(bn.pid(n)).peakMB, sampler.max[n]!) : sampler.max[n]!]));
  bn.closeClients();
  return { documents, documentsPerSec: r.deliveredPerSec, pauseMs, rssBeforeMB, peakRssMB, endToEndMs: Number(sent.item.deliveredAtMs) - sent.startedAtMs };
}

export const attachmentsSection: Section = {
  name: 'attachments',
  title: 'A large attachment across six hops: MB/s end to end and peak memory of every node',
  async run(ctx) {
    const { bytes, warmDocuments, warmPauseMs } = ctx.sizes.attachments;
    const mb = bytes / 1e6;
    const random = seededRandom(subSeed(ctx.seed, 'attachments'));
    const file = randomFile(random, bytes);
    const pkg = documentWith(file, 1, 'Hồ sơ dự án.zip');
    const pieces = await buildPackage(pkg, file);
    const packageBytes = pieces.reduce((n, p) => n + p.length, 0);
    const warmFile = randomFile(random, WARM_UP_BYTES);
    const warmPkg = documentWith(warmFile, 0, 'khởi động.bin');
    const warmPieces = await buildPackage(warmPkg, warmFile);
    const secondFile = randomFile(random, bytes);
    const secondPkg = documentWith(secondFile, 2, 'Hồ sơ dự án (bổ sung).zip');
    const secondPieces = await buildPackage(secondPkg, secondFile);
    const names = TOPOLOGY.map((s) => s.name);

    return withNetwork('attachments', TOPOLOGY, { cpuProfDir: ctx.cpuProfDir }, async (bn) => {
      await bn.startAll();
      await bn.waitLinksUp();
      const sender = bn.agencyClient(SENDER);
      const recipient = bn.agencyClient(RECIPIENT);
      // Warm-up: the agency connection opens, the attachment code paths compile on all seven nodes.
      await sendAndWait(bn, sender, warmPieces, declared(warmPkg), 60_000);

      ctx.log(`attachments: one document with a ${round(mb)} MB file (${round(packageBytes / 1e6)} MB of edXML), ${SENDER} → ${RECIPIENT}, six hops`);
      const sampler = sampleRss(bn, names);
      const cpu: Partial<Record<'sent' | 'accepted' | 'delivered', CpuSnapshot>> = {};
      const sent = await sendAndWait(bn, sender, pieces, declared(pkg), Math.max(60_000, mb * 2000), (m) => (cpu[m] = cpuSnapshot(bn, names))).finally(sampler.stop);
      // VmHWM is updated lazily by the kernel: a sampled VmRSS can exceed it.
      const peakRssMB = Object.fromEntries(names.map((n) => [n, Math.max(memoryOf(bn.pid(n)).peakMB, sampler.max[n]!)]));

      const { item } = sent;
      if (item.trace.length !== TOPOLOGY.length) throw new Error(`the document took ${item.trace.length - 1} hops, expected ${TOPOLOGY.length - 1}`);
      const deliveredAtMs = Number(item.deliveredAtMs);
      const firstHopAtMs = Number(item.trace[0]!.atMs);
      const ingestMs = sent.acceptedAtMs - sent.startedAtMs;
      const endToEndMs = deliveredAtMs - sent.startedAtMs;
      const transferMs = deliveredAtMs - firstHopAtMs;
      const perHopMs = item.trace.slice(1).map((h, i) => Number(h.atMs) - Number(item.trace[i]!.atMs));

      // Outside the clock: the recipient's software downloads the file and it is the one sent.
      const want = pkg.attachments[0]!.sha256;
      const listed = item.message?.attachments.map((a) => a.sha256) ?? [];
      if (listed.length !== 1 || listed[0] !== want) throw new Error(`the delivered document lists files ${listed.join(', ') || '(none)'}, expected ${want}`);
      const recipientNode = bn.home(RECIPIENT).name;
      const downloadSampler = sampleRss(bn, [recipientNode]);
      const got = await fetchedSha256(recipient, sent.messageId, want).finally(downloadSampler.stop);
      const downloadPeakMB = downloadSampler.max[recipientNode]!;
      if (got.sha256 !== want || got.bytes !== bytes) {
        throw new Error(`the file fetched at ${RECIPIENT} has ${got.bytes} bytes with SHA-256 ${got.sha256}, sent ${bytes} bytes with ${want}`);
      }
      bn.closeClients();

      const rate = (ms: number) => perSecond(bytes, ms) / 1e6;
      const cpuIngest = cpuBetween(cpu.sent!, cpu.accepted!);
      const cpuTransfer = cpuBetween(cpu.accepted!, cpu.delivered!);
      const busy = (c: { machineBusyShare: number }) => `machine CPU ${Math.round(100 * c.machineBusyShare)} % busy`;
      const worst = names.reduce((a, b) => (peakRssMB[b]! > peakRssMB[a]! ? b : a));
      ctx.log(`attachments: ingest ${round(ingestMs)} ms, end to end ${round(endToEndMs)} ms, transfer ${round(transferMs)} ms; peak RSS ${names.map((n) => `${n} ${round(peakRssMB[n]!)}`).join(', ')} MB`);
      ctx.log(`attachments: CPU during the transfer: ${busy(cpuTransfer)} (steal ${Math.round(100 * cpuTransfer.stealShare)} %), nodes ${names.map((n) => `${n} ${cpuTransfer.nodeSeconds[n]} s`).join(', ')}, not charged to them ${cpuTransfer.otherSeconds} s`);
      const label = `${round(mb)} MB attachment`;
      const measurements: Measurement[] = [
        {
          id: 'attachments.ingest', label: `${label}: edge ingest (SendEdxml at the first commune, stored whole)`,
          value: rate(ingestMs), unit: 'MB/s', note: `(${round(ingestMs / 1000)} s for ${round(packageBytes / 1e6)} MB of edXML; ${busy(cpuIngest)})`,
        },
        {
          id: 'attachments.e2e', label: `${label}: end to end, six hops (SendEdxml called → recipient's inbox)`,
          value: rate(endToEndMs), unit: 'MB/s', note: `(${round(endToEndMs / 1000)} s; SHA-256 checked at the recipient)`,
          target: { op: '>=', value: ATTACHMENT_E2E_TARGET_MBPS },
        },
        {
          id: 'attachments.transfer', label: `${label}: after acceptance (accepted at the first node → recipient's inbox; the file moves on during the ingest)`,
          value: rate(transferMs), unit: 'MB/s', note: `(${round(transferMs / 1000)} s; ${busy(cpuTransfer)}; the document reached each next node after ${perHopMs.map((x) => round(x)).join(' / ')} ms)`,
        },
        {
          id: 'attachments.rss', label: `${label}: peak RSS of the busiest of the 7 nodes`,
          value: peakRssMB[worst]!, unit: 'MB',
          note: `(${worst}; all: ${names.map((n) => round(peakRssMB[n]!)).join(' / ')} MB in the order ${names.join(', ')}; ${recipientNode} while the recipient's software then downloads the file: ${round(downloadPeakMB)} MB)`,
          target: { op: '<', value: ATTACHMENT_RSS_TARGET_MB },
        },
      ];

      ctx.log(`attachments: ${warmDocuments} documents of 1 KiB through the same six hops, ${warmPauseMs} ms without traffic, then another ${round(mb)} MB file`);
      const warm = await warmPass(bn, names, warmDocuments, warmPauseMs, secondPieces, declared(secondPkg), random, Math.max(60_000, mb * 2000));
      const warmWorst = names.reduce((a, b) => (warm.peakRssMB[b]! > warm.peakRssMB[a]! ? b : a));
      ctx.log(`attachments: after the documents, peak RSS ${names.map((n) => `${n} ${round(warm.peakRssMB[n]!)}`).join(', ')} MB`);
      measurements.push({
        id: 'attachments.warm-rss', label: `${label} ${round(warmPauseMs / 1000)} s after ${warmDocuments.toLocaleString('en-US')} documents of 1 KiB: peak RSS of the busiest node`,
        value: warm.peakRssMB[warmWorst]!, unit: 'MB',
        note: `(${warmWorst}; all: ${names.map((n) => round(warm.peakRssMB[n]!)).join(' / ')} MB, before the file ${names.map((n) => round(warm.rssBeforeMB[n]!)).join(' / ')} MB; the documents went at ${round(warm.documentsPerSec)}/s, the file at ${round(rate(warm.endToEndMs))} MB/s end to end)`,
        target: { op: '<', value: ATTACHMENT_RSS_TARGET_MB },
      });
      return {
        measurements,
        details: {
          topology: TOPOLOGY.map((s) => `${s.name} ${s.code}`),
          fileBytes: bytes, packageBytes, sha256: want, messageId: sent.messageId,
          ingestMs, endToEndMs, transferMs, perHopMs,
          ingestMBPerSec: rate(ingestMs), endToEndMBPerSec: rate(endToEndMs), transferMBPerSec: rate(transferMs),
          peakRssMB, rssBeforeMB: sampler.first, sampledMaxRssMB: sampler.max, rssSampleMs: RSS_SAMPLE_MS, downloadPeakRssMB: { [recipientNode]: downloadPeakMB },
          cpu: { ingest: cpuIngest, transfer: cpuTransfer },
          afterDocuments: warm,
        },
      };
    });
  },
};
