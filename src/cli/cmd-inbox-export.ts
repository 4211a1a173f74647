/**
 * `lienthong inbox export`: writes an attached agency's messages as edXML packages (documents with
 * their attachments, statuses as status packages), streamed to disk piece by piece.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { AdminServiceExportEdxmlResponse__Output } from '../gen/lienthong/v1/AdminServiceExportEdxmlResponse.js';
import type { InboxResponse__Output } from '../gen/lienthong/v1/InboxResponse.js';
import { withAdmin, type AdminClient } from './admin-client.js';
import { messageIdCoerce, nodeOptions, type NodeArgs } from './common-options.js';
import { fileError } from './file-errors.js';
import { print, printJson } from './output.js';

interface ExportArgs extends NodeArgs {
  agency: string;
  ids: string[] | undefined;
  out: string;
}

/** Writes one message's package to `path` (via a temporary name, so a cut export leaves no half file). */
async function exportOne(c: AdminClient, agency: string, id: string, path: string): Promise<number> {
  const temp = `${path}.part`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (err) {
    throw fileError(err, 'write', temp);
  }
  const out = createWriteStream('', { fd });
  // A write that fails (a full disk) while the next piece is awaited: thrown at the next write.
  let failed: Error | null = null;
  out.on('error', (err) => (failed ??= err));
  let bytes = 0;
  try {
    for await (const r of c.download<object, AdminServiceExportEdxmlResponse__Output>('ExportEdxml', { agency, messageId: id })) {
      if (failed) throw failed;
      bytes += r.data.length;
      if (!out.write(r.data)) await once(out, 'drain');
    }
    if (failed) throw failed;
    out.end();
    await once(out, 'finish');
  } catch (err) {
    if (!out.closed) {
      const closed = once(out, 'close').catch(() => undefined);
      out.destroy();
      await closed;
    }
    rmSync(temp, { force: true });
    throw (err as NodeJS.ErrnoException).syscall ? fileError(err, 'write', temp) : err;
  }
  renameSync(temp, path);
  return bytes;
}

export const inboxExportCommand: CommandModule<{}, ExportArgs> = {
  command: 'export [ids..]',
  describe: 'write messages of an attached agency as edXML packages (default: every unacknowledged inbox item)',
  builder: (y: Argv) =>
    nodeOptions(y)
      .positional('ids', { type: 'string', array: true, coerce: messageIdCoerce('the IDS arguments'), describe: 'message ids (documents or statuses the agency sent or received)' })
      .option('agency', { type: 'string', demandOption: true, describe: 'the attached agency' })
      .option('out', { type: 'string', default: '.', describe: 'folder to write <message id>.xml into' }) as unknown as Argv<ExportArgs>,
  handler: async (args) => {
    try {
      mkdirSync(args.out, { recursive: true });
    } catch (err) {
      throw fileError(err, 'folder', `--out ${args.out}`);
    }
    const written = await withAdmin(args, async (c) => {
      let ids = args.ids ?? [];
      if (ids.length === 0) {
        const inbox = await c.call<object, InboxResponse__Output>('Inbox', { agency: args.agency, limit: 10_000 });
        ids = inbox.items.map((i) => i.message!.id);
      }
      const done: { messageId: string; path: string; bytes: number }[] = [];
      for (const id of ids) {
        const path = join(args.out, `${id}.xml`);
        done.push({ messageId: id, path, bytes: await exportOne(c, args.agency, id, path) });
      }
      return done;
    });
    if (args.json) return printJson(written);
    if (written.length === 0) return print(`inbox of ${args.agency} is empty: nothing to export`);
    print(written.map((w) => `${w.messageId}: ${w.path} (${w.bytes} bytes)`));
  },
};
