/** `lienthong inbox`, `ack` and `status-update`: an attached agency's inbox, as an operator sees it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { InboxResponse__Output } from '../gen/lienthong/v1/InboxResponse.js';
import type { AdminServiceUpdateStatusResponse__Output } from '../gen/lienthong/v1/AdminServiceUpdateStatusResponse.js';
import type { Message__Output } from '../gen/lienthong/v1/Message.js';
import type { EarlierDocument__Output } from '../gen/lienthong/v1/EarlierDocument.js';
import { EMPTY_SHA256 } from '../domain/envelope.js';
import { STATUS_NAMES } from '../domain/status-message.js';
import { businessLabel } from '../edxml/edxml-message.js';
import type { StatusCode } from '../domain/types.js';
import { withAdmin } from './admin-client.js';
import { inboxExportCommand } from './cmd-inbox-export.js';
import { messageIdCoerce, nodeOptions, notInherited, wholeNumberOption, type NodeArgs } from './common-options.js';
import { fileError } from './file-errors.js';
import { documentLabel, iso, print, printJson, skippedLine, table } from './output.js';

interface InboxArgs extends NodeArgs {
  agency: string;
  all: boolean;
  'save-to': string | undefined;
  after: number;
  limit: number;
}

export const inboxCommand: CommandModule<{}, InboxArgs> = {
  command: 'inbox',
  describe: 'list the documents and statuses waiting in an attached agency\'s inbox (`inbox export` writes them as edXML)',
  builder: (y: Argv) =>
    // Not inherited by `inbox export`, which declares its own: its help listed -c twice and it took
    // the listing's --all, --after, --limit and --save-to without using them.
    notInherited(nodeOptions(y), ['config', 'socket', 'timeout', 'json', 'agency', 'all', 'after', 'limit', 'save-to'])
      .command(inboxExportCommand)
      .option('agency', { type: 'string', demandOption: true, describe: 'the attached agency' })
      .option('all', { type: 'boolean', default: false, describe: 'include acknowledged items' })
      .option('after', wholeNumberOption('after', { default: 0, describe: 'list from the item after this SEQ (the next page)', expect: 'an inbox SEQ (0 for the start)' }))
      .option('limit', wholeNumberOption('limit', { default: 1000, min: 1, describe: 'list at most this many items', expect: 'a number of items, 1 or more' }))
      .option('save-to', { type: 'string', describe: 'write each document body to this folder as <message id> (the folder is created)' }) as unknown as Argv<InboxArgs>,
  handler: async (args) => {
    const saveTo = args['save-to'];
    if (saveTo) {
      try {
        mkdirSync(saveTo, { recursive: true });
      } catch (err) {
        throw fileError(err, 'folder', `--save-to ${saveTo}`);
      }
    }
    const released: string[] = [];
    const bodiless: string[] = [];
    const r = await withAdmin(args, async (c) => {
      // One more than shown tells whether another page follows.
      const list = await c.call<object, InboxResponse__Output>('Inbox', { agency: args.agency, includeAcknowledged: args.all, limit: args.limit + 1, afterSeq: args.after });
      if (saveTo) {
        // The items listed (--after, --limit), their bodies in pages of at most ~32 MiB, so large
        // documents never make one huge reply.
        let after = args.after;
        let left = args.limit;
        while (left > 0) {
          const page = await c.call<object, InboxResponse__Output>('Inbox', { agency: args.agency, includeAcknowledged: args.all, limit: Math.min(1000, left), withBodies: true, afterSeq: after });
          if (page.items.length === 0) break;
          left -= page.items.length;
          for (const i of page.items) {
            const m = i.message;
            if (m?.kind !== 'MESSAGE_KIND_DOCUMENT') continue;
            // An acknowledged document's body is released after a while: no empty file in its place.
            if (m.body.length === 0 && m.bodySha256 !== EMPTY_SHA256) released.push(m.id);
            else if (m.body.length === 0) bodiless.push(m.id);
            else {
              try {
                writeFileSync(join(saveTo, m.id), m.body);
              } catch (err) {
                throw fileError(err, 'write', join(saveTo, m.id));
              }
            }
          }
          after = page.items.at(-1)!.seq;
        }
      }
      return list;
    });
    if (bodiless.length > 0) {
      process.stderr.write(`not saved: ${bodiless.join(', ')} carry no body (an edXML document's content is in its attachments: \`lienthong inbox export\` writes the whole package)\n`);
    }
    if (released.length > 0) {
      process.stderr.write(`not saved: the node no longer holds the body of ${released.join(', ')} (released once acknowledged; the agency's own copy is the record)\n`);
    }
    // More than a page: say so, since a silent cut would look like documents lost.
    const more = r.items.length > args.limit ? `more items follow; the next page: --after ${r.items[args.limit - 1]!.seq}` : null;
    r.items = r.items.slice(0, args.limit);
    if (args.json) {
      if (more) process.stderr.write(`${more}\n`);
      return printJson(r.items.map((i) => ({ ...i, message: i.message ? { ...i.message, body: undefined, signature: undefined } : null })));
    }
    if (r.items.length === 0) return print(args.after ? `no items in the inbox of ${args.agency} after ${args.after}` : `inbox of ${args.agency} is empty`);
    print(table(
      ['SEQ', 'DELIVERED', 'KIND', 'MESSAGE', 'FROM', 'SIGNED BY', 'WHAT', 'ACK'],
      r.items.map((i) => {
        const m = i.message!;
        const what = m.status
          ? `status ${m.status.code} ${STATUS_NAMES[m.status.code as StatusCode] ?? ''} for ${m.status.refMessageId} (${m.status.recipient})${m.status.reason ? `: ${m.status.reason}` : ''}`
          : `${documentLabel(m.document)} "${m.document?.subject ?? ''}" ${i.bodySize} bytes, priority ${m.priority}${filesLabel(m.attachments)}${businessOf(m.edxml, i.earlier)}`;
        const signed = i.signer ? `${i.signer.code} (${i.signer.role}, verified at ${i.signer.verifiedAtNode})` : 'unsigned';
        return [i.seq, iso(i.deliveredAtMs), m.kind === 'MESSAGE_KIND_STATUS' ? 'status' : 'document', m.id, m.from, signed, what, i.acknowledged ? 'yes' : 'no'];
      }),
    ));
    if (more) print(more);
  },
};

function filesLabel(files: { size: number }[]): string {
  if (files.length === 0) return '';
  return `, ${files.length} attachment(s) of ${files.reduce((n, f) => n + Number(f.size), 0)} bytes`;
}

/**
 * Revoke, update and replace packages say which earlier document they concern, and which message
 * brought it here (or that none did: sent before the network, on paper, or never).
 */
function businessOf(e: Message__Output['edxml'], earlier: readonly EarlierDocument__Output[]): string {
  const b = e?.business;
  if (!b || b.docType === 0) return '';
  const named = earlier.map((d) => `${d.documentId} (${d.messageId ? `message ${d.messageId}` : 'not received here'})`);
  return `, ${businessLabel(b.docType)}${named.length ? ` of ${named.join(', ')}` : ''}${b.docReason ? `: ${b.docReason}` : ''}`;
}

interface AckArgs extends NodeArgs {
  agency: string;
  ids: string[];
}

export const ackCommand: CommandModule<{}, AckArgs> = {
  command: 'ack <ids..>',
  describe: 'acknowledge inbox messages for an attached agency (documents answer with status 01)',
  builder: (y: Argv) =>
    nodeOptions(y)
      .positional('ids', { type: 'string', array: true, demandOption: true, describe: 'message ids' })
      .option('agency', { type: 'string', demandOption: true, describe: 'the attached agency' }) as unknown as Argv<AckArgs>,
  handler: async (args) => {
    const r = await withAdmin(args, (c) => c.call<object, { acknowledged: number; notInInbox: string[] }>('Acknowledge', { agency: args.agency, messageIds: args.ids }));
    if (r.notInInbox.length) process.exitCode = 1;
    if (args.json) return printJson(r);
    print(`${r.acknowledged} message(s) acknowledged for ${args.agency}`);
    if (r.notInInbox.length) print(`not in the inbox of ${args.agency} (unknown, acknowledged before, or no message id): ${r.notInInbox.map((id) => id || '""').join(', ')}`);
  },
};

interface StatusUpdateArgs extends NodeArgs {
  agency: string;
  message: string;
  code: string;
  reason: string;
}

export const statusUpdateCommand: CommandModule<{}, StatusUpdateArgs> = {
  command: 'status-update',
  describe: 'send a processing status (02–06, 15, 16 as recipient; 13 recall as sender)',
  builder: (y: Argv) =>
    nodeOptions(y)
      .option('agency', { type: 'string', demandOption: true, describe: 'the attached agency reporting' })
      .option('message', { type: 'string', demandOption: true, coerce: messageIdCoerce('--message'), describe: 'id of the document the status is about' })
      // `3` is read as 03: the codes are written with two digits, and an operator types one.
      .option('code', { type: 'string', demandOption: true, coerce: (c: unknown) => (typeof c === 'string' && /^\d$/.test(c.trim()) ? `0${c.trim()}` : c), describe: Object.entries(STATUS_NAMES).filter(([k]) => k !== 'NON_DELIVERY' && k !== '01').map(([k, v]) => `${k} ${v}`).join('; ') })
      .option('reason', { type: 'string', default: '', describe: 'free text (required in practice for 02 and 16)' }) as unknown as Argv<StatusUpdateArgs>,
  handler: async (args) => {
    const r = await withAdmin(args, (c) => c.call<object, AdminServiceUpdateStatusResponse__Output>('UpdateStatus', { agency: args.agency, messageId: args.message, code: args.code, reason: args.reason }));
    if (args.json) return printJson(r);
    if (r.alreadySent) print(`status ${args.code} was already sent for ${args.message} (${r.statusMessageIds.join(', ')}): nothing new sent; a status is sent once`);
    else print(`status ${args.code} sent (${r.statusMessageIds.join(', ')})`);
    for (const s of r.skipped) print(skippedLine(s));
  },
};
