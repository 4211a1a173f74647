/** `lienthong status`: the node's code and level, uptime, links, outbox and counters. */
import type { Argv, CommandModule } from 'yargs';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { withAdmin } from './admin-client.js';
import { nodeOptions, type NodeArgs } from './common-options.js';
import { age, iso, print, printJson, table } from './output.js';

export function statusLines(s: StatusResponse__Output, nowMs: number): string[] {
  const counters = Object.fromEntries(s.counters.map((c) => [c.name, c.value]));
  const lines = [
    `node ${s.nodeCode} (level ${s.level}), version ${s.version}${s.draining ? ', DRAINING' : ''}`,
    `listening on ${s.listenAddress}, up ${age(nowMs - s.startedAtMs)} (since ${iso(s.startedAtMs)})`,
    `certificate ${s.certificate?.subject ?? '-'} valid until ${iso(s.certificate?.notAfterMs ?? 0)}`,
    `accepted ${counters.accepted ?? 0}, forwarded ${counters.forwarded ?? 0}, delivered ${counters.delivered ?? 0}, expired ${counters.expired ?? 0}, failed ${counters.failed ?? 0}, refused ${counters.refused ?? 0}, duplicates ${counters.duplicates ?? 0}`,
    `outbox ${s.outboxTotal} entr${s.outboxTotal === 1 ? 'y' : 'ies'}, inbox ${s.inboxUnacknowledged} unacknowledged`,
    '',
  ];
  if (s.links.length === 0) return [...lines, 'no links configured'];
  return [
    ...lines,
    ...table(
      ['PEER', 'ROLE', 'STATE', 'SINCE', 'OUTBOX', 'OLDEST', 'INFLIGHT', 'RECONNECTS', 'LAST ERROR'],
      s.links.map((l) => [
        l.peerCode, l.role, l.state, `${age(nowMs - l.sinceMs)} ago`, l.outboxDepth,
        l.oldestMs ? age(nowMs - l.oldestMs) : '-', l.inflight, l.reconnects, l.lastError || '-',
      ]),
    ),
  ];
}

export const statusCommand: CommandModule<{}, NodeArgs> = {
  command: 'status',
  describe: 'show a running node: links, outbox depth, counters',
  builder: (y: Argv) => nodeOptions(y),
  handler: async (args) => {
    const s = await withAdmin(args, (c) => c.call<object, StatusResponse__Output>('Status', {}));
    if (args.json) printJson(s);
    else print(statusLines(s, Date.now()));
  },
};
