/**
 * One node's store, attachment files, relay and edXML gateway in-process, its agencies all attached
 * to it (no links): for tests of what a node decides about the documents its agencies send.
 * Signatures are not checked (UNCHECKED_SIGNATURES).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRouteTable } from '../../src/domain/route-table.js';
import type { Clock } from '../../src/domain/types.js';
import { EdxmlGateway } from '../../src/node/edxml-gateway.js';
import { silentLogger } from '../../src/node/logger.js';
import { Relay } from '../../src/node/relay.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { UNCHECKED_SIGNATURES } from './unchecked-signatures.js';

export interface LoneNode {
  dir: string;
  files: FileAttachmentStore;
  store: SqliteStore;
  relay: Relay;
  gateway: EdxmlGateway;
  /** Sends `xml` as an edXML package from `as`. */
  sendXml(as: string, xml: string, opts?: Parameters<EdxmlGateway['send']>[2]): ReturnType<EdxmlGateway['send']>;
  close(): Promise<void>;
}

export function openLoneNode(self: string, agencies: string[], now: Clock = Date.now): LoneNode {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-lone-'));
  const files = new FileAttachmentStore(join(dir, 'attachments'));
  const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
  const table = buildRouteTable({ self, attached: [self, ...agencies], children: [], laterals: [], statics: [] });
  const relay = new Relay(self, store, table, { maxDocumentBytes: 1e9, expirySeconds: 3600, maxHops: 32 }, now, silentLogger(), files, UNCHECKED_SIGNATURES);
  const gateway = new EdxmlGateway({ relay, store, files, maxDocumentBytes: 1e9, now });
  return {
    dir, files, store, relay, gateway,
    sendXml: (as, xml, opts = {}) =>
      gateway.send(() => as, (async function* () {
        yield Buffer.from(xml);
      })(), opts),
    close: async () => {
      await files.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
