/**
 * Where a node's busy time goes, by area of the code: each CPU-profile sample counted under the
 * innermost area on its stack (the SQLite store, gRPC/HTTP/2/TLS, signatures, the audit entries),
 * or V8's own `(program)` and `(garbage collector)`, or other JavaScript. Idle samples are left out,
 * so the shares are of the time the main thread was busy.
 */
export interface ProfileFrame {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface ProfileSamples {
  nodes: ProfileFrame[];
  samples: number[];
  timeDeltas: number[];
}

export const AREAS = [
  'SQLite store',
  'gRPC, HTTP/2, TLS',
  'V8 (program)',
  'signatures',
  'garbage collection',
  'audit entries',
  'other JavaScript',
] as const;
export type Area = (typeof AREAS)[number];

/** The area a frame's own code belongs to, or null when it names none (the caller's decides). */
export function frameArea(f: ProfileFrame['callFrame']): Area | null {
  const u = f.url;
  if (/store\/sqlite|better-sqlite3/.test(u) || f.functionName === 'fdatasync') return 'SQLite store';
  if (/\/src\/audit\//.test(u)) return 'audit entries';
  if (/\/src\/signing\/|signed-form|canonicalize/.test(u) || f.functionName === 'postMessage') return 'signatures';
  if (/grpc-js|proto-loader|protobufjs|node:internal\/http2|node:_tls|node:internal\/tls|node:net|node:internal\/stream_base/.test(u)) {
    return 'gRPC, HTTP/2, TLS';
  }
  return null;
}

/** Busy milliseconds per area, and the busy total. */
export function areaTimes(p: ProfileSamples): { busyMs: number; byArea: Map<Area, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const areaOf = new Map<number, Area | 'idle'>();
  const classify = (id: number): Area | 'idle' => {
    const known = areaOf.get(id);
    if (known) return known;
    const name = byId.get(id)?.callFrame.functionName;
    let area: Area | 'idle' = 'other JavaScript';
    if (name === '(idle)') area = 'idle';
    else if (name === '(program)') area = 'V8 (program)';
    else if (name === '(garbage collector)') area = 'garbage collection';
    else {
      for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
        const found = frameArea(byId.get(cur)!.callFrame);
        if (found) {
          area = found;
          break;
        }
      }
    }
    areaOf.set(id, area);
    return area;
  };
  const byArea = new Map<Area, number>();
  let busyMs = 0;
  p.samples.forEach((id, i) => {
    if (!byId.has(id)) return;
    const area = classify(id);
    if (area === 'idle') return;
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    busyMs += ms;
  });
  return { busyMs, byArea };
}
