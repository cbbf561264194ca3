// Asks a Kafka broker for its metadata (Metadata v6, no client library) and prints what it answered.
// Exit 0 when the broker answered with at least one broker in the cluster, 1 otherwise.
// Usage: node probe.mjs 127.0.0.1:59092 [timeoutMs]
import net from 'node:net';

const [address = '127.0.0.1:59092', timeoutArg = '3000'] = process.argv.slice(2);
const separator = address.lastIndexOf(':');
const host = address.slice(0, separator);
const port = Number(address.slice(separator + 1));
const clientId = Buffer.from('appeals-infra-probe');

// Request header v1 (api key 3 = Metadata, version 6, correlation id, client id),
// body: topics = null (all), allow_auto_topic_creation = false.
const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
let at = 0;
at = body.writeInt16BE(3, at);
at = body.writeInt16BE(6, at);
at = body.writeInt32BE(42, at);
at = body.writeInt16BE(clientId.length, at);
at += clientId.copy(body, at);
at = body.writeInt32BE(-1, at);
body.writeInt8(0, at);
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
  // size, correlation id, throttle time, brokers: [node id, host, port, rack]
  let offset = 4;
  const correlationId = received.readInt32BE(offset);
  offset += 8;
  const brokers = received.readInt32BE(offset);
  offset += 4;
  const nodes = [];
  for (let i = 0; i < brokers; i += 1) {
    const nodeId = received.readInt32BE(offset);
    const hostLength = received.readInt16BE(offset + 4);
    const nodeHost = received.toString('utf8', offset + 6, offset + 6 + hostLength);
    offset += 6 + hostLength;
    const nodePort = received.readInt32BE(offset);
    const rackLength = received.readInt16BE(offset + 4);
    offset += 6 + Math.max(rackLength, 0);
    nodes.push(`${nodeId}@${nodeHost}:${nodePort}`);
  }
  if (correlationId !== 42 || nodes.length === 0) fail('no broker in the metadata answer');
  process.stdout.write(`brokers: ${nodes.join(', ')}\n`);
  process.exit(0);
});
