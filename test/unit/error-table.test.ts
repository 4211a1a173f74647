/** README's table of error codes says what the catalogue and its gRPC mapping do, so it cannot drift. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { ERROR_CODES, LienthongError, type ErrorCode } from '../../src/domain/errors.js';
import { toServiceError } from '../../src/service/grpc-status.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const STATUS_NAMES = Object.fromEntries(Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));

describe('README error codes table', () => {
  it('lists every code once, with its gRPC status and whether to retry', () => {
    const rows = [...README.matchAll(/^\| `([A-Z_]+)` \| ([A-Z_]+) \| (yes|no) \| .+ \|$/gm)].map((m) => ({ code: m[1]!, status: m[2]!, retry: m[3] === 'yes' }));
    assert.deepEqual(rows.map((r) => r.code).sort(), Object.keys(ERROR_CODES).sort());
    for (const r of rows) {
      const code = r.code as ErrorCode;
      assert.equal(r.status, STATUS_NAMES[toServiceError(new LienthongError(code, 'x')).code!], r.code);
      assert.equal(r.retry, !ERROR_CODES[code].permanent, r.code);
    }
  });
});
