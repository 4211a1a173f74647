/**
 * Streams an agency's unacknowledged inbox items; with `follow`, stays open and pushes new items as
 * they land. Items stay in the inbox until acknowledged, so a reconnect redelivers them.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { ReceiveResponse } from '../gen/lienthong/v1/ReceiveResponse.js';
import type { Relay } from '../node/relay.js';
import type { Store } from '../store/store.js';
import { earlierOf } from '../edxml/earlier-documents.js';
import { inboxItemToPb } from './wire.js';

const PAGE = 100;

export function streamInbox(
  call: grpc.ServerWritableStream<unknown, ReceiveResponse>,
  relay: Relay,
  store: Store,
  agency: string,
  follow: boolean,
  max: number,
  log: Logger,
  afterSeq = 0,
): void {
  let lastSeq = afterSeq;
  let sent = 0;
  let busy = false;
  let again = false;
  let done = false;
  let waitingDrain = false;

  const finish = () => {
    if (done) return;
    done = true;
    relay.off('inbox', onInbox);
    call.end();
  };
  const pump = () => {
    if (done || waitingDrain) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const items = store.inbox(agency, lastSeq, PAGE, false);
        for (const item of items) {
          lastSeq = item.seq;
          sent++;
          const ok = call.write({ item: inboxItemToPb(item, true, earlierOf(store, item)) });
          if (max && sent >= max) return finish();
          if (!ok) {
            waitingDrain = true;
            call.once('drain', () => {
              waitingDrain = false;
              pump();
            });
            return;
          }
        }
        if (items.length === PAGE) again = true;
      } while (again && !done);
      if (!follow) finish();
    } catch (err) {
      log.error({ err }, 'inbox stream failed');
      finish();
    } finally {
      busy = false;
    }
  };
  const onInbox = (who: string | null) => {
    if (who === null || who === agency) pump();
  };
  if (follow) relay.on('inbox', onInbox);
  call.on('cancelled', () => {
    done = true;
    relay.off('inbox', onInbox);
  });
  call.on('close', () => {
    done = true;
    relay.off('inbox', onInbox);
  });
  pump();
}
