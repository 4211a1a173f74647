/**
 * Loads the .proto files under proto/ (at run time, on first use) with the same options the
 * generated types in src/gen were made with. The link's Connect stream encodes and decodes its
 * attachment chunks by hand (src/link/chunk-frame.ts), every other frame through protobufjs.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from '../gen/admin.js';
import type { ProtoGrpcType as AgencyProto } from '../gen/agency.js';
import type { ProtoGrpcType as LinkProto } from '../gen/link.js';
import { encodedPiece } from '../client/edxml-piece.js';
import type { SendEdxmlRequest } from '../gen/lienthong/v1/SendEdxmlRequest.js';
import { decodeChunkFrame, encodedChunkFrame } from '../link/chunk-frame.js';
import { tolerantDecoders } from './undecodable.js';

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
  fastChunks(def['lienthong.v1.LinkService'] as protoLoader.ServiceDefinition);
  fastEdxmlPieces(def['lienthong.v1.AgencyService'] as protoLoader.ServiceDefinition);
  tolerantDecoders(def);
  const pkg = grpc.loadPackageDefinition(def) as unknown as { lienthong: { v1: LienthongProto } };
  cached = pkg.lienthong.v1;
  return cached;
}

/** SendEdxml's package bytes, as a client sends them: encoded into reusable buffers. */
function fastEdxmlPieces(service: protoLoader.ServiceDefinition): void {
  const send = service['SendEdxml'];
  if (!send) throw new Error('lienthong.v1.AgencyService has no SendEdxml method');
  const { requestSerialize } = send;
  send.requestSerialize = (value) => encodedPiece(value as SendEdxmlRequest) ?? requestSerialize(value);
}

/** Connect's frames both ways: a chunk goes as the bytes its sender framed, and comes back a view. */
function fastChunks(service: protoLoader.ServiceDefinition): void {
  const connect = service['Connect'];
  if (!connect) throw new Error('lienthong.v1.LinkService has no Connect method');
  const { requestSerialize, responseSerialize, requestDeserialize, responseDeserialize } = connect;
  connect.requestSerialize = (value) => encodedChunkFrame(value as object) ?? requestSerialize(value);
  connect.responseSerialize = (value) => encodedChunkFrame(value as object) ?? responseSerialize(value);
  connect.requestDeserialize = (bytes) => decodeChunkFrame(bytes) ?? requestDeserialize(bytes);
  connect.responseDeserialize = (bytes) => decodeChunkFrame(bytes) ?? responseDeserialize(bytes);
}
