/**
 * The ack server as its own process (so client and server do not share one thread, as a node and
 * its peer would not): `node ack-server.js CA CERT KEY` prints "ack server listening on PORT".
 */
import * as grpc from '@grpc/grpc-js';
import { widenServerWindows } from '../../src/link/flow-control.js';
import { readTlsFiles, SERVER_OPTIONS, serverCredentials } from '../../src/link/tls-credentials.js';
import { ACK_HANDLERS, ACK_SERVICE } from './ack-service.js';

const [ca, cert, key] = process.argv.slice(2);
if (!ca || !cert || !key) {
  process.stderr.write('usage: ack-server.js CA_CERT CERT KEY\n');
  process.exit(64);
}
const server = new grpc.Server(SERVER_OPTIONS);
server.addService(ACK_SERVICE, ACK_HANDLERS);
server.bindAsync('127.0.0.1:0', serverCredentials(readTlsFiles({ ca, cert, key })), (err, port) => {
  if (err) {
    process.stderr.write(`ack server cannot listen: ${err.message}\n`);
    process.exit(1);
  }
  // The same HTTP/2 windows as a node's peer port, so the ceiling is measured as nodes talk.
  widenServerWindows(server);
  process.stdout.write(`ack server listening on ${port}\n`);
});
const stop = () => {
  server.forceShutdown();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
