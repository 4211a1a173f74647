/**
 * Loads the .proto files under proto/ (at run time, on first use) with the same options the
 * generated types in src/gen were made with.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from '../gen/admin.js';
import type { ProtoGrpcType as AgencyProto } from '../gen/agency.js';
import type { ProtoGrpcType as LinkProto } from '../gen/link.js';

export type LienthongProto = AdminProto['lienthong']['v1'] & AgencyProto['lienthong']['v1'] & LinkProto['lienthong']['v1'];

/** proto/ at the package root: dist/src/service/proto.js → ../../../proto */
export const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

let cached: LienthongProto | null = null;

export function loadProto(): LienthongProto {
  if (cached) return cached;
  const def = protoLoader.loadSync(
    ['lienthong/v1/link.proto', 'lienthong/v1/agency.proto', 'lienthong/v1/admin.proto'],
    LOADER_OPTIONS,
  );
  const pkg = grpc.loadPackageDefinition(def) as unknown as { lienthong: { v1: LienthongProto } };
  cached = pkg.lienthong.v1;
  return cached;
}
