/**
 * `lienthong trace`: where a message is. The path it took to this node, the state of each of its
 * recipients here, and the statuses that came back (each with the path the document took to that
 * recipient, as reported by the recipient's node).
 */
import type { Argv, CommandModule } from 'yargs';
import type { TraceResponse__Output } from '../gen/lienthong/v1/TraceResponse.js';
import { STATUS_NAMES } from '../domain/status-message.js';
import type { StatusCode } from '../domain/types.js';
import { withAdmin } from './admin-client.js';
import { messageIdCoerce, nodeOptions, type NodeArgs } from './common-options.js';
import { documentLabel, iso, print, printJson, table } from './output.js';

interface TraceArgs extends NodeArgs {
  id: string;
}

export function traceLines(t: TraceResponse__Output): string[] {
  const m = t.message!;
  const latest = (recipient: string) => {
    const s = t.statuses.filter((x) => x.recipient === recipient).sort((a, b) => b.atMs - a.atMs)[0];
    return s ? `${s.code} ${STATUS_NAMES[s.code as StatusCode] ?? ''}`.trim() : '-';
  };
  const path = (hops: { nodeCode: string; atMs: number }[]) => hops.map((h) => `${h.nodeCode} @ ${iso(h.atMs)}`).join(' → ');
  const lines = [
    `${m.kind === 'MESSAGE_KIND_STATUS' ? 'status' : 'document'} ${m.id} from ${m.from} to ${m.to.join(', ')}`,
    m.document ? `  "${m.document.subject}" (${documentLabel(m.document)}), priority ${m.priority}` : '',
    `  created ${iso(m.createdAtMs)}, expires ${iso(m.expiresAtMs)}`,
    `  at node ${t.nodeCode}: accepted ${iso(t.acceptedAtMs)} from ${t.receivedFrom}`,
    `  path here: ${path(t.trace)}`,
    '',
    'recipients as seen from this node:',
    ...table(
      ['RECIPIENT', 'STATE HERE', 'NEXT HOP', 'SINCE', 'LATEST STATUS', 'DETAIL'],
      t.recipients.map((r) => [r.recipient, r.state, r.nextHop || '-', iso(r.updatedAtMs), latest(r.recipient), r.detail || '-']),
    ),
  ].filter((l) => l !== '');
  if (t.statuses.length) {
    lines.push('', 'statuses received:');
    const sorted = [...t.statuses].sort((a, b) => a.atMs - b.atMs);
    for (const s of sorted) {
      lines.push(`  ${iso(s.atMs)} ${s.recipient}: ${s.code} ${STATUS_NAMES[s.code as StatusCode] ?? ''}${s.reason ? ` (${s.reason})` : ''}${s.code === 'NON_DELIVERY' ? ` at node ${s.nodeCode}` : ''}`);
      if (s.path.length) lines.push(`      path: ${path(s.path)}`);
    }
  }
  return lines;
}

export const traceCommand: CommandModule<{}, TraceArgs> = {
  command: 'trace <id>',
  describe: 'show where a message is: path, state per recipient, statuses back',
  builder: (y: Argv) => nodeOptions(y).positional('id', { type: 'string', demandOption: true, coerce: messageIdCoerce('the ID argument'), describe: 'message id' }) as unknown as Argv<TraceArgs>,
  handler: async (args) => {
    const t = await withAdmin(args, (c) => c.call<object, TraceResponse__Output>('Trace', { messageId: args.id, agency: '' }));
    if (args.json) return printJson(t);
    print(traceLines(t));
  },
};
