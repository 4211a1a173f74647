/**
 * `lienthong outbox`: entries by next hop with age, attempts, next attempt and last error (like
 * `postqueue -p`); `outbox shape`: an age histogram per next hop (like `qshape`); and the operator
 * verbs flush, hold, release, requeue, reroute (route again by the current table, as `postsuper -r`), delete.
 */
import { TRANSITIONS } from '../domain/outbox-machine.js';
import type { Argv, CommandModule } from 'yargs';
import type { OutboxEntry__Output } from '../gen/lienthong/v1/OutboxEntry.js';
import type { OutboxActionResponse__Output } from '../gen/lienthong/v1/OutboxActionResponse.js';
import type { OutboxResponse__Output } from '../gen/lienthong/v1/OutboxResponse.js';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { withAdmin, type AdminClient } from './admin-client.js';
import { agencyCodeCoerce, nodeOptions, UsageError, wholeNumberOption, type NodeArgs } from './common-options.js';
import { age, iso, print, printJson, table } from './output.js';

interface ListArgs extends NodeArgs {
  'next-hop': string | undefined;
  state: string | undefined;
  limit: number;
}

interface ActionArgs extends NodeArgs {
  ids: number[] | undefined;
  'next-hop': string | undefined;
}

const SHAPE_MINUTES = [5, 10, 20, 40, 80, 160, 320, 640, 1280];

export function outboxShape(entries: OutboxEntry__Output[], nowMs: number): string[] {
  const byHop = new Map<string, number[]>();
  for (const e of entries) {
    const row = byHop.get(e.nextHop) ?? new Array(SHAPE_MINUTES.length + 2).fill(0);
    const minutes = (nowMs - e.createdAtMs) / 60_000;
    let i = SHAPE_MINUTES.findIndex((m) => minutes < m);
    if (i < 0) i = SHAPE_MINUTES.length;
    row[0]++;
    row[i + 1]++;
    byHop.set(e.nextHop, row);
  }
  const total = new Array(SHAPE_MINUTES.length + 2).fill(0);
  for (const r of byHop.values()) r.forEach((v, i) => (total[i] += v));
  const header = ['NEXT HOP', 'T', ...SHAPE_MINUTES.map((m) => `${m}m`), `${SHAPE_MINUTES.at(-1)}m+`];
  return table(header, [['TOTAL', ...total], ...[...byHop.entries()].map(([hop, r]) => [hop, ...r])]);
}

/** --next-hop as given: an agency code (normalised), or a usage error; a typo would list nothing, silently. */
const nextHopCode = agencyCodeCoerce('next-hop') as (value: unknown) => string | undefined;

const filterOptions = (y: Argv) =>
  nodeOptions(y)
    .option('next-hop', { type: 'string', coerce: nextHopCode, describe: 'only entries for this next hop' })
    .option('state', { type: 'string', choices: ['queued', 'inflight', 'held', 'failed', 'expired'], describe: 'only entries in this state' });

/** A shape counts every entry, however many: qshape reads the whole queue too. */
const EVERY_ENTRY = 0xffff_ffff;

const listOptions = (y: Argv) =>
  filterOptions(y)
    .option('limit', wholeNumberOption('limit', { default: 1000, min: 1, describe: 'at most this many entries', expect: 'a number of entries, 1 or more' })) as unknown as Argv<ListArgs>;

/** This node's peers, asked only when an outbox command with --next-hop found nothing (to say why). */
async function peersOf(c: AdminClient): Promise<string[]> {
  const s = await c.call<object, StatusResponse__Output>('Status', {});
  return s.links.map((l) => l.peerCode);
}

/** The entries, and when --next-hop lists none, this node's peers (a code not among them is named as such). */
async function fetchEntries(args: ListArgs): Promise<OutboxResponse__Output & { peers?: string[] }> {
  return withAdmin(args, async (c) => {
    const r = await c.call<object, OutboxResponse__Output>('Outbox', { nextHop: args['next-hop'] ?? '', state: args.state ?? '', limit: args.limit });
    if (r.entries.length > 0 || args['next-hop'] === undefined) return r;
    return { ...r, peers: await peersOf(c) };
  });
}

/** Pure: why --next-hop matched nothing when it names no peer of this node, else null. */
export function notAPeer(nextHop: string | undefined, peers: readonly string[] | undefined, config = '<its configuration>'): string | null {
  if (nextHop === undefined || peers === undefined || peers.includes(nextHop)) return null;
  const known = peers.length > 0 ? `its peers are ${peers.join(', ')}` : 'it has no peers configured';
  return `no entries for ${nextHop}: it is not a next hop of this node (${known}; \`lienthong routes -c ${config} --resolve ${nextHop}\` shows where a document for it goes)`;
}

/** Pure: what an empty listing says. */
export function emptyOutbox(nextHop: string | undefined, peers: readonly string[] | undefined, config = '<its configuration>'): string {
  if (nextHop === undefined) return 'outbox is empty';
  return notAPeer(nextHop, peers, config) ?? `no entries for next hop ${nextHop}`;
}

/** With --json the output stays JSON: a note on an empty result goes to stderr. */
function noteBeside(json: boolean | undefined, note: string | null): void {
  if (note === null) return;
  if (json) process.stderr.write(`${note}\n`);
  else print(note);
}

const listCommand: CommandModule<{}, ListArgs> = {
  command: ['list', '$0'],
  describe: 'list entries by next hop (the default)',
  builder: listOptions,
  handler: async (args) => {
    const { peers, ...r } = await fetchEntries(args);
    if (args.json) {
      printJson(r);
      return noteBeside(true, notAPeer(args['next-hop'], peers, args.config));
    }
    const now = Date.now();
    if (r.entries.length === 0) return print(emptyOutbox(args['next-hop'], peers, args.config));
    print([
      ...table(
        ['ID', 'NEXT HOP', 'STATE', 'PRIO', 'AGE', 'ATTEMPTS', 'NEXT ATTEMPT', 'EXPIRES', 'MESSAGE', 'FROM', 'RECIPIENTS', 'LAST ERROR'],
        r.entries.map((e) => [
          e.id, e.nextHop, e.state, e.priority, age(now - e.createdAtMs), e.attempts,
          e.state === 'queued' ? (e.nextAttemptAtMs <= now ? 'now' : `in ${age(e.nextAttemptAtMs - now)}`) : '-',
          iso(e.expiresAtMs), e.messageId, e.sender, e.recipients.join(','), e.lastError || '-',
        ]),
      ),
      `${r.entries.length} shown of ${r.total} entr${r.total === 1 ? 'y' : 'ies'}`,
    ]);
  },
};

const shapeCommand: CommandModule<{}, ListArgs> = {
  command: 'shape',
  describe: 'age histogram of every entry per next hop (like qshape)',
  builder: filterOptions as unknown as (y: Argv) => Argv<ListArgs>,
  handler: async (args) => {
    const r = await fetchEntries({ ...args, limit: EVERY_ENTRY });
    const note = notAPeer(args['next-hop'], r.peers, args.config);
    if (args.json) printJson(r.entries.map((e) => ({ nextHop: e.nextHop, ageMs: Date.now() - e.createdAtMs, state: e.state })));
    else print(outboxShape(r.entries, Date.now()));
    noteBeside(args.json, note);
  },
};

/** Outbox entry ids as given: whole numbers, or a usage error naming what is not one. */
function entryIds(values: unknown[]): number[] {
  return values.map((v) => {
    const text = String(v);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw new UsageError(`outbox entry ids are whole numbers (the ID column of \`lienthong outbox list\`): "${text}" is not one`);
    }
    return Number(text);
  });
}

function actionCommand(action: string, describe: string): CommandModule<{}, ActionArgs> {
  return {
    command: `${action} [ids..]`,
    describe,
    builder: (y: Argv) =>
      nodeOptions(y)
        .positional('ids', { type: 'string', array: true, coerce: entryIds, describe: 'entry ids, the ID column of `outbox list` (default: every entry the action applies to)' })
        .option('next-hop', { type: 'string', coerce: nextHopCode, describe: 'without ids: only entries for this next hop' }) as unknown as Argv<ActionArgs>,
    handler: async (args) => {
      const ids = args.ids ?? [];
      const nextHop = args['next-hop'];
      const { peers, ...r } = await withAdmin(args, async (c) => {
        const answer = await c.call<object, OutboxActionResponse__Output>('OutboxAction', { action, ids, nextHop: nextHop ?? '' });
        // moved and unroutable are reroute's: the other actions answer as they always did.
        const { moved, unroutable, ...rest } = answer;
        const done = action === 'reroute' ? { ...rest, moved, unroutable } : { ...rest, moved: 0, unroutable: [] as string[] };
        // Nothing changed for a --next-hop: say so when it is no peer at all (a typo of a code).
        const asked = ids.length === 0 && nextHop !== undefined && done.affected === 0;
        return { ...done, peers: asked ? await peersOf(c) : undefined };
      });
      // Like `ack` of an id not in the inbox: the others were acted on, and the command fails.
      if (r.unknownIds.length) process.exitCode = 1;
      const note = notAPeer(nextHop, peers, args.config);
      if (args.json) {
        printJson(action === 'reroute' ? r : { affected: r.affected, unknownIds: r.unknownIds });
        return noteBeside(true, note);
      }
      print(`${action}: ${r.affected} entr${r.affected === 1 ? 'y' : 'ies'} changed${action === 'reroute' ? `, ${r.moved} recipient${r.moved === 1 ? '' : 's'} moved to another next hop or an inbox here` : ''}`);
      noteBeside(false, note);
      for (const u of r.unroutable) print(`no route now: ${u}; left on its entry (\`lienthong outbox delete ID\` ends it with a non-delivery report to its sender)`);
      const leftAlone = ids.length - r.unknownIds.length - r.affected;
      if (action === 'reroute') {
        if (ids.length && leftAlone > 0) print(`${leftAlone} of the entries given left as they were: the routing table sends their recipients to the same next hop (or nowhere), or they are in flight`);
      } else if (ids.length && leftAlone > 0) {
        const verb = action === 'delete' ? 'remove' : action;
        print(`${leftAlone} of the entries given left as they were: ${action} applies to ${TRANSITIONS[verb as keyof typeof TRANSITIONS].from.join(', ')} entries (${TRANSITIONS[verb as keyof typeof TRANSITIONS].hint}); see the STATE column of \`lienthong outbox list\``);
      }
      if (r.unknownIds.length) {
        print(`no outbox entr${r.unknownIds.length === 1 ? 'y' : 'ies'} ${r.unknownIds.join(', ')} (unknown, or delivered or deleted since): see the ID column of \`lienthong outbox list\``);
      }
    },
  };
}

export const outboxCommand: CommandModule = {
  command: 'outbox',
  describe: 'inspect and manage the outbox (list, shape, flush, hold, release, requeue, reroute, delete)',
  builder: (y: Argv) =>
    y
      .command(listCommand)
      .command(shapeCommand)
      .command(actionCommand('flush', 'retry queued entries now'))
      .command(actionCommand('hold', 'keep queued entries from being sent'))
      .command(actionCommand('release', 'let held entries be sent again'))
      .command(actionCommand('requeue', 'queue failed, expired or held entries again, with a fresh expiry'))
      .command(actionCommand('reroute', 'route the recipients of queued, held, failed or expired entries again by the current routing table (after a child, peer or agency moved): each goes to its new next hop or inbox here, due now'))
      .command(actionCommand('delete', 'delete entries (the sender of a copy still queued or held gets a non-delivery report, REMOVED_BY_OPERATOR)')),
  handler: () => undefined,
};
