/**
 * protobufjs, reading from a Buffer (what grpc-js hands every decoder), cuts a string field whose
 * length runs past the end of its message at that end instead of refusing it, as its plain reader
 * and its reader of bytes fields do ("index out of range"). A request cut short, or whose length
 * prefix lies, so decoded as a smaller valid one: `0a ff ff ff ff 0f` became a ReceiveRequest for
 * agency "", and Receive streamed the caller's own inbox. `refuseCutStrings` makes the Buffer reader
 * refuse such a string too, for every decoder in this process: proto-loader's (every lienthong
 * service, clients included) and grpc-health-check's share the protobufjs that proto-loader loads.
 */
import { createRequire } from 'node:module';

interface Reader {
  pos: number;
  len: number;
  uint32(): number;
}

interface ProtobufJs {
  BufferReader: { prototype: Reader & { string(): string } };
}

const patched = new WeakSet<object>();

/** The protobufjs that @grpc/proto-loader (and so grpc-js's decoders) uses. */
function protobufOfProtoLoader(): ProtobufJs {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('@grpc/proto-loader'))('protobufjs') as ProtobufJs;
}

/** Idempotent: from now on a string whose length runs past its message's end throws, like bytes do. */
export function refuseCutStrings(): void {
  const proto = protobufOfProtoLoader().BufferReader.prototype;
  if (patched.has(proto)) return;
  const cutting = proto.string;
  proto.string = function strictString(this: Reader): string {
    const start = this.pos;
    const length = this.uint32();
    if (this.pos + length > this.len) throw new RangeError(`index out of range: ${this.pos} + ${length} > ${this.len} (a string runs past the end of its message)`);
    this.pos = start;
    return cutting.call(this);
  };
  patched.add(proto);
}
