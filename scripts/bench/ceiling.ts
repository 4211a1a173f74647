/**
 * Section 1, the physical ceiling measured in the same run: durable SQLite commits on this disk and
 * mutual-TLS gRPC between two processes. Later sections read their figures as fractions of these.
 */
import { join } from 'node:path';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { measureCommits } from './ceiling-sqlite.js';
import { ackClient, measureStream, measureUnary, startAckServer } from './ceiling-grpc.js';
import type { Ceilings, Measurement } from './measurement.js';
import type { Section } from './section.js';
import { bodies, seededRandom, subSeed } from './stats.js';
import { withTempDir } from './temp-dir.js';

const SERVER_CODE = '000.00.00.G22';
const CLIENT_CODE = '000.00.01.G22';
/** Same as the relay's default limits.linkWindow. */
const STREAM_WINDOW = 512;

export const ceilingSection: Section = {
  name: 'ceiling',
  title: 'Physical ceiling (SQLite durable commits, mutual-TLS gRPC)',
  async run(ctx) {
    const { ceilingMs, warmupMs } = ctx.sizes;
    const random = seededRandom(subSeed(ctx.seed, 'ceiling'));
    const [kib] = bodies(random, 1024, 1);
    const [kib100] = bodies(random, 100 * 1024, 1);
    return withTempDir('ceiling', async (dir) => {
      ctx.log('ceiling: SQLite commits (WAL, synchronous=FULL)');
      const one = measureCommits(dir, 1, kib!, ceilingMs, warmupMs);
      const hundred = measureCommits(dir, 100, kib!, ceilingMs, warmupMs);
      const hundred100k = measureCommits(dir, 100, kib100!, ceilingMs, warmupMs);

      ctx.log('ceiling: mutual-TLS gRPC between two processes');
      const pki = join(dir, 'pki');
      initPkiDir(pki, { commonName: 'lienthong bench CA', force: true });
      const serverPair = issueToDir(pki, { code: SERVER_CODE, role: 'node', outDir: pki });
      const client = issueToDir(pki, { code: CLIENT_CODE, role: 'agency', outDir: pki });
      const ca = join(pki, 'ca.crt');
      const server = await startAckServer({ ca, cert: serverPair.certPath, key: serverPair.keyPath });
      const c = ackClient(server.port, { ca, cert: client.certPath, key: client.keyPath }, SERVER_CODE);
      let unary1: number, unary64: number, stream1k: number, stream100k: number;
      try {
        unary1 = await measureUnary(c, kib!, 1, ceilingMs, warmupMs);
        unary64 = await measureUnary(c, kib!, 64, ceilingMs, warmupMs);
        stream1k = await measureStream(c, kib!, STREAM_WINDOW, ceilingMs, warmupMs);
        stream100k = await measureStream(c, kib100!, STREAM_WINDOW, ceilingMs, warmupMs);
      } finally {
        c.close();
        await server.stop();
      }

      const ceilings: Ceilings = {
        sqliteCommitsPerSec: one.commitsPerSec,
        sqliteBatchedRowsPerSec: hundred.rowsPerSec,
        sqliteBatchedRowsPerSec100k: hundred100k.rowsPerSec,
        unaryPerSec1: unary1,
        unaryPerSec64: unary64,
        streamPerSec1k: stream1k,
        streamPerSec100k: stream100k,
      };
      ctx.ceilings = ceilings;
      const measurements: Measurement[] = [
        { id: 'ceiling.sqlite.1row', label: 'SQLite durable commits, 1 row (1 KiB) per transaction', value: one.commitsPerSec, unit: 'commits/s' },
        {
          id: 'ceiling.sqlite.100rows', label: 'SQLite durable commits, 100 rows (1 KiB) per transaction', value: hundred.commitsPerSec, unit: 'commits/s',
          note: `= ${Math.round(hundred.rowsPerSec).toLocaleString('en')} rows/s`,
        },
        {
          id: 'ceiling.sqlite.100rows100k', label: 'SQLite durable commits, 100 rows (100 KiB) per transaction', value: hundred100k.commitsPerSec, unit: 'commits/s',
          note: `= ${Math.round(hundred100k.rowsPerSec).toLocaleString('en')} rows/s`,
        },
        { id: 'ceiling.grpc.unary1', label: 'mTLS gRPC unary round trips (1 KiB request, 16 B answer), 1 in flight', value: unary1, unit: 'calls/s' },
        { id: 'ceiling.grpc.unary64', label: 'mTLS gRPC unary round trips (1 KiB request, 16 B answer), 64 in flight', value: unary64, unit: 'calls/s' },
        { id: 'ceiling.grpc.stream1k', label: `mTLS gRPC one bidi stream, 1 KiB messages acked (window ${STREAM_WINDOW})`, value: stream1k, unit: 'msgs/s' },
        { id: 'ceiling.grpc.stream100k', label: `mTLS gRPC one bidi stream, 100 KiB messages acked (window ${STREAM_WINDOW})`, value: stream100k, unit: 'msgs/s' },
      ];
      return { measurements, details: { sqlite: [one, hundred, hundred100k], grpc: { unary1, unary64, stream1k, stream100k, streamWindow: STREAM_WINDOW }, durationMs: ceilingMs, warmupMs } };
    });
  },
};
