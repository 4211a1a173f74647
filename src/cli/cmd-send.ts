/** `lienthong send`: sends a document as an agency attached to the node (over the admin socket). */
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { SendEdxmlResponse__Output } from '../gen/lienthong/v1/SendEdxmlResponse.js';
import type { SendResponse__Output } from '../gen/lienthong/v1/SendResponse.js';
import { LienthongError } from '../domain/errors.js';
import { parseDuration } from '../domain/durations.js';
import { MAX_BODY_BYTES } from '../domain/envelope.js';
import { newMessageId } from '../domain/ids.js';
import { withAdmin } from './admin-client.js';
import { NodeSilent } from './admin-deadline.js';
import { agencyCodeCoerce, nodeOptions, UsageError, wholeNumberOption, type NodeArgs } from './common-options.js';
import { fileError } from './file-errors.js';
import { print, printJson, skippedLine } from './output.js';
import { attachedPackageBytes, checkAttachedFields, describeFile } from './send-attached.js';
import { vietnamDate } from '../edxml/edxml-time.js';
import { inOptionTerms } from './send-options.js';


interface SendArgs extends NodeArgs {
  from: string | undefined;
  to: string[] | undefined;
  subject: string | undefined;
  edxml: string | undefined;
  type: string;
  number: string;
  notation: string;
  priority: number;
  'due-date': string;
  file: string | undefined;
  attach: string[] | undefined;
  text: string | undefined;
  'message-id': string | undefined;
  expiry: string | undefined;
}

export const sendCommand: CommandModule<{}, SendArgs> = {
  command: 'send',
  describe: 'send a document from an agency attached to this node (fields and a file, or an edXML package)',
  builder: (y: Argv) =>
    nodeOptions(y)
      .option('edxml', { type: 'string', describe: 'send this edXML package (QCVN 102; a document or a status package): it names sender, recipients and files itself' })
      .option('from', { type: 'string', coerce: agencyCodeCoerce('from'), describe: 'sending agency (attached to this node); with --edxml, defaults to the package\'s From' })
      .option('to', { type: 'string', array: true, coerce: agencyCodeCoerce('to'), describe: 'recipient agency code (repeat for several)' })
      .option('subject', { type: 'string', describe: 'trích yếu (at most 500 characters)' })
      .option('type', { type: 'string', default: 'Công văn', describe: 'document type (Công văn, Quyết định, ...)' })
      .option('number', { type: 'string', default: '', describe: 'số (code number)' })
      .option('notation', { type: 'string', default: '', describe: 'ký hiệu (code notation)' })
      .option('priority', wholeNumberOption('priority', { default: 0, max: 4, describe: '0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ', expect: '0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc or 4 hỏa tốc hẹn giờ' }))
      .option('due-date', { type: 'string', default: '', describe: 'YYYY-MM-DD' })
      .option('file', { type: 'string', describe: 'the document file (PDF...) to send inline, as its body (at most the node\'s limits.maxBodyBytes, 8 MiB by default)' })
      .option('attach', { type: 'string', array: true, describe: 'a file to send as an attachment, of any size (repeat for several): streamed, stored once per node, resumed after a cut' })
      .option('text', { type: 'string', describe: 'send this text as the document body instead of a file' })
      .option('message-id', { type: 'string', describe: 'a UUID of your own: resending with it never duplicates (default: a new one, named if the connection to the node breaks)' })
      .option('expiry', { type: 'string', describe: 'give up delivering after this long (e.g. 30m, 2d; at most the node\'s limits.expiry, its default: longer is refused): the sender then gets a non-delivery report' })
      .conflicts('edxml', ['file', 'attach', 'text', 'to', 'subject'])
      .check((a) => {
        if (a.edxml !== undefined) return true;
        if (a.from === undefined || a.to === undefined || a.subject === undefined) throw new UsageError('give --from, --to and --subject (or an edXML package with --edxml FILE)');
        if (a.file !== undefined && a.text !== undefined && a.attach === undefined) throw new UsageError('give the body as --file PATH or as --text TEXT, not both (with --attach, --text is the document\'s text and --file its first attachment)');
        if (a.file === undefined && a.text === undefined && a.attach === undefined) throw new UsageError('give the document: --file PATH (or --text TEXT for a short text, --attach PATH for files as attachments)');
        return true;
      }) as unknown as Argv<SendArgs>,
  handler: async (args) => {
    // Chosen here, not by the node: if the connection breaks during the call, the operator can
    // only send again safely with the id the node may already have taken.
    const messageId = args['message-id'] ?? newMessageId();
    if (args.edxml) return sendEdxml(args, args.edxml, messageId);
    if (args.attach) return sendAttached(args, messageId);
    return sendDocument(args, messageId);
  },
};

/**
 * A failed send as this command's user should read it: a refused field named by the option given,
 * and, when the call failed for want of the node (a connection that broke during the call, or a
 * node that did not answer in time: then whether the node took the document is unknown), the
 * message id that makes sending it again safe.
 */
function sendFailure(args: SendArgs, messageId: string): (err: unknown) => never {
  return (err) => {
    // The node names the agency API's field; this user gave an option.
    const asOption = err instanceof LienthongError ? inOptionTerms(err.message, (o) => (args as unknown as Record<string, unknown>)[o]) : null;
    if (asOption !== null) throw new LienthongError((err as LienthongError).code, asOption, { cause: err });
    if (!(err instanceof LienthongError) || err.code !== 'NODE_UNREACHABLE') throw err;
    // A node silent past the deadline may have taken it, as when the connection breaks (grpc-status.ts says the same).
    const unknown = err instanceof NodeSilent ? '; whether the node took what was sent is unknown; once it answers again, send it again with the same message id (--message-id; a node takes each id once)' : '';
    const again = args['message-id'] !== undefined ? `send it again with the same --message-id ${messageId}` : `add --message-id ${messageId} when you send it again`;
    throw new LienthongError('NODE_UNREACHABLE', `${err.message}${unknown}. This message's id is ${messageId}: ${again}, so that the node takes it only once`, { cause: err });
  };
}

async function sendDocument(args: SendArgs, messageId: string): Promise<void> {
  let body: Buffer;
  let fileName = '';
  let contentType = 'text/plain; charset=utf-8';
  if (args.file) {
    try {
      const size = statSync(args.file).size;
      // Past MAX_BODY_BYTES not even a node's limit could take it (the largest limits.maxBodyBytes).
      if (size > MAX_BODY_BYTES) {
        throw new LienthongError('DOCUMENT_TOO_LARGE', `--file ${args.file} is ${(size / 1024 ** 2).toFixed(1)} MiB, more than a body sent inline can be (64 MiB): send it as an attachment with --attach ${args.file}`);
      }
      body = readFileSync(args.file);
    } catch (err) {
      if (err instanceof LienthongError) throw err;
      throw fileError(err, 'read', `--file ${args.file}`);
    }
    fileName = basename(args.file);
    contentType = fileName.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream';
  } else {
    body = Buffer.from((args.text ?? '').normalize('NFC'), 'utf8');
  }
  const request = {
    from: args.from,
    to: args.to,
    priority: args.priority,
    document: {
      subject: args.subject, documentType: args.type, codeNumber: args.number, codeNotation: args.notation,
      dueDate: args['due-date'], fileName, contentType,
    },
    body,
    messageId,
    expirySeconds: expirySeconds(args.expiry),
  };
  const r = await withAdmin(args, (c) => c.call<object, SendResponse__Output>('Send', { request }).catch(sendFailure(args, messageId)));
  if (args.json) return printJson(r);
  print([
    `${r.duplicate ? 'already sent' : 'accepted'}: message ${r.messageId}`,
    ...routeLines(r.routes, r.duplicate),
    `follow it with: lienthong trace --config ${args.config ?? '...'} ${r.messageId}`,
  ]);
}

/** --expiry as whole seconds (0: the node's limits.expiry). */
function expirySeconds(text: string | undefined): number {
  if (text === undefined) return 0;
  const ms = parseDuration(text);
  if (ms === null || ms < 1000) throw new LienthongError('INVALID_ARGUMENT', `--expiry ${text}: give a duration of at least 1s, such as 30m or 2d`);
  return Math.ceil(ms / 1000);
}

function routeLines(routes: { recipient: string; decision: string; nextHop: string; reason: string }[], duplicate: boolean): string[] {
  // A resend's reason says what became of the earlier copy ("already passed on to ... at ...").
  if (duplicate) return routes.map((x) => `  ${x.recipient}: ${x.reason}`);
  return routes.map((x) =>
    x.decision === 'local' ? `  ${x.recipient}: delivered to its inbox on this node`
    : x.decision === 'forward' ? `  ${x.recipient}: queued for ${x.nextHop} (${x.reason})`
    : `  ${x.recipient}: NOT deliverable: ${x.reason}`);
}

/** Streams an edXML package to the node in 1 MiB pieces: a package of hundreds of MB never sits in memory. */
async function sendEdxml(args: SendArgs, path: string, messageId: string): Promise<void> {
  // Opened before the upload starts: a folder or an unreadable file is one clear error, not a broken upload.
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw fileError(err, 'read', `--edxml ${path}`);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw fileError(Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' }), 'read', `--edxml ${path}`);
  }
  await uploadEdxml(args, messageId, createReadStream('', { fd, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>, []);
}

/**
 * `--attach`: the CLI writes the document's edXML package itself, its files read from disk as they
 * are encoded, and declares their SHA-256 and size first (each file read twice, never held).
 */
async function sendAttached(args: SendArgs, messageId: string): Promise<void> {
  const paths = [...(args.file ? [args.file] : []), ...(args.attach ?? [])];
  const fields = {
    from: args.from!, to: args.to!, subject: args.subject!, type: args.type, number: args.number, notation: args.notation,
    priority: args.priority, dueDate: args['due-date'], text: args.text ?? '',
  };
  checkAttachedFields(fields, paths.map((p) => basename(p)));
  const files = [];
  for (const [i, path] of paths.entries()) files.push(await describeFile(path, i + 1, `${i === 0 && args.file ? '--file' : '--attach'} ${path}`));
  const bytes = attachedPackageBytes({ ...fields, today: vietnamDate(Date.now()), files });
  await uploadEdxml(args, messageId, bytes, files.map((f) => ({ contentId: f.contentId, sha256: f.sha256, size: f.size })));
}

/** Streams a package to the node (SendEdxml) and prints its answer. */
async function uploadEdxml(args: SendArgs, messageId: string, bytes: AsyncIterable<Buffer>, files: { contentId: string; sha256: string; size: number }[]): Promise<void> {
  async function* requests() {
    yield { request: { options: { agency: args.from ?? '', messageId, expirySeconds: expirySeconds(args.expiry), files } } };
    for await (const data of bytes) yield { request: { data } };
  }
  const r = await withAdmin(args, (c) => c.upload<object, { response: SendEdxmlResponse__Output }>('SendEdxml', requests()).catch(sendFailure(args, messageId)));
  const res = r.response;
  if (args.json) return printJson(res);
  if (res.statusMessageIds.length || !res.messageId) {
    print(res.alreadySent ? 'status already sent: nothing new sent' : `status sent (${res.statusMessageIds.join(', ') || 'acknowledged'})`);
    for (const s of res.skipped) print(skippedLine(s));
    return;
  }
  print([
    `${res.duplicate ? 'already sent' : 'accepted'}: message ${res.messageId} with ${res.attachmentBytes} bytes of attachments`,
    ...routeLines(res.routes, res.duplicate),
    `follow it with: lienthong trace --config ${args.config ?? '...'} ${res.messageId}`,
  ]);
}
