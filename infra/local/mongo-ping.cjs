// Exit 0 when a MongoDB wire-protocol server answers `ping` at the URL in argv[2].
// Uses the driver the read-store adapter uses (after `pnpm install`); before that, a TCP connect.
const net = require('node:net');
const path = require('node:path');

const url = process.argv[2];
const timeoutMs = Number(process.argv[3] ?? 2000);

function loadDriver() {
  try {
    const from = path.join(__dirname, '../../packages/readstore-mongodb/package.json');
    return require(require.resolve('mongodb', { paths: [path.dirname(from)] }));
  } catch {
    return null;
  }
}

async function main() {
  const driver = loadDriver();
  if (driver) {
    const client = new driver.MongoClient(url, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
    });
    try {
      await client.db('admin').command({ ping: 1 });
    } finally {
      await client.close();
    }
    return;
  }
  const { hostname, port } = new URL(url);
  await new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 27017), timeout: timeoutMs });
    socket.once('connect', () => socket.end(resolve));
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    if (process.env.PING_VERBOSE) console.error(error);
    process.exit(1);
  },
);
