// Asks a Kafka broker for its API versions (ApiVersions v0, no client library): the one request a SASL listener
// answers before authentication. Exit 0 when the broker answered without error, 1 otherwise.
// Usage: node probe.mjs 127.0.0.1:59092 [timeoutMs]
import net from 'node:net';

const [address = '127.0.0.1:59092', timeoutArg = '3000'] = process.argv.slice(2);
const separator = address.lastIndexOf(':');
const host = address.slice(0, separator);
const port = Number(address.slice(separator + 1));
const clientId = Buffer.from('appeals-infra-probe');

// Request header v1 (api key 18 = ApiVersions, version 0, correlation id, client id), empty body.
const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
let at = 0;
at = body.writeInt16BE(18, at);
at = body.writeInt16BE(0, at);
at = body.writeInt32BE(42, at);
at = body.writeInt16BE(clientId.length, at);
clientId.copy(body, at);
const frame = Buffer.concat([Buffer.alloc(4), body]);
frame.writeInt32BE(body.length, 0);

function fail(reason) {
  process.stderr.write(`kafka probe ${address}: ${reason}\n`);
  process.exit(1);
}

const socket = net.connect({ host, port });
socket.setTimeout(Number(timeoutArg), () => fail('timed out'));
socket.on('error', (error) => fail(error.message));
socket.on('connect', () => socket.write(frame));
let received = Buffer.alloc(0);
socket.on('data', (chunk) => {
  received = Buffer.concat([received, chunk]);
  if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
  socket.end();
  // size, correlation id, error code, [api key, min version, max version]
  const correlationId = received.readInt32BE(4);
  const errorCode = received.readInt16BE(8);
  const apis = received.readInt32BE(10);
  if (correlationId !== 42 || errorCode !== 0 || apis <= 0)
    fail(`no usable answer (error code ${errorCode})`);
  process.stdout.write(`api versions: ${apis} APIs\n`);
  process.exit(0);
});
