/**
 * The echo server as its own process (so the client and the server do not share one thread, as a
 * node and its peer would not): `node echo-server.js CA CERT KEY` prints "echo listening on PORT".
 */
import * as grpc from '@grpc/grpc-js';
import { readTlsFiles, SERVER_OPTIONS, serverCredentials } from '../../src/link/tls-credentials.js';
import { ECHO_HANDLERS, ECHO_SERVICE } from './echo-service.js';

const [ca, cert, key] = process.argv.slice(2);
if (!ca || !cert || !key) {
  process.stderr.write('usage: echo-server.js CA_CERT CERT KEY\n');
  process.exit(64);
}
const server = new grpc.Server(SERVER_OPTIONS);
server.addService(ECHO_SERVICE, ECHO_HANDLERS);
server.bindAsync('127.0.0.1:0', serverCredentials(readTlsFiles({ ca, cert, key })), (err, port) => {
  if (err) {
    process.stderr.write(`echo server cannot listen: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`echo listening on ${port}\n`);
});
const stop = () => {
  server.forceShutdown();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
