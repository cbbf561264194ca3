import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readUsersFile, type KafkaSasl } from '@appeals/bus-kafka';
import { generateSigningKey } from '@appeals/chain';
import { loadLauncherEnv } from './env';
import type { ClusterKafkaAccess } from './kafkaAccess';
import { launchCluster, type ClusterServers } from './launchCluster';
import { BACKGROUND_SERVICES, CLUSTER_SERVICES, DEFAULT_SCALE, parseScale } from './scale';

const USAGE = `pnpm start:cluster [--scale NAME=N ...] [--skip-infra] [--skip-build]

Starts every process of the platform against PostgreSQL, Kafka and FerretDB on this machine:
relay x2, intake, routing, response, audit, projections, agency-feed, notifications (ports 8081...) and the
gateway (PORT, default 8080). Each process connects to Kafka as its own SASL/SCRAM user (KAFKA_USERS_FILE).

  --scale NAME=N   copies of a process (relay, intake, routing, response, audit, projections, agency-feed,
                   notifications); consumers (routing, audit, projections, agency-feed, notifications) split
                   the 12 partitions of their topic,
                   and the gateway takes the copies of a service with routes in turn (round robin);
                   REPLICAS=routing=2,projections=2 in the environment says the same (--scale wins)
  --skip-infra     do not run \`pnpm infra:up\` (POSTGRES_URL, KAFKA_BROKERS, MONGODB_URL, KAFKA_SASL_*,
                   KAFKA_USERS_FILE from the environment)
  --skip-build     start the existing builds (services/*/dist/main.js)
`;

const root = resolve(__dirname, '..', '..', '..');

function serversFrom(env: ReturnType<typeof loadLauncherEnv>): {
  servers: ClusterServers;
  kafka: ClusterKafkaAccess | undefined;
} {
  const given: Record<string, string | undefined> = {
    POSTGRES_URL: env.POSTGRES_URL,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    MONGODB_URL: env.MONGODB_URL,
    KAFKA_SASL_MECHANISM: env.KAFKA_SASL_MECHANISM,
    KAFKA_SASL_USERNAME: env.KAFKA_SASL_USERNAME,
    KAFKA_SASL_PASSWORD: env.KAFKA_SASL_PASSWORD,
    KAFKA_USERS_FILE: env.KAFKA_USERS_FILE,
  };
  const printed = Object.fromEntries(
    execFileSync('bash', [join(root, 'infra/local/all.sh'), 'env'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/=(.*)/s))
      .filter(([key, value]) => key && value),
  ) as Record<string, string>;
  const optional = (key: string) => given[key] ?? printed[key];
  const pick = (key: keyof ClusterServers) => {
    const value = optional(key);
    if (!value) throw new Error(`${key} is not set and infra/local/all.sh env does not print it`);
    return value;
  };
  const [mechanism, username, password] = ['MECHANISM', 'USERNAME', 'PASSWORD'].map((k) =>
    optional(`KAFKA_SASL_${k}`),
  );
  const usersFile = optional('KAFKA_USERS_FILE');
  const kafka =
    mechanism && username && password
      ? {
          admin: { mechanism, username, password } as KafkaSasl,
          users: usersFile ? readUsersFile(usersFile) : undefined,
        }
      : undefined;
  return {
    servers: {
      POSTGRES_URL: pick('POSTGRES_URL'),
      KAFKA_BROKERS: pick('KAFKA_BROKERS'),
      MONGODB_URL: pick('MONGODB_URL'),
    },
    kafka,
  };
}

/**
 * The local cluster's personal-data master key, kept next to the local servers' data so applicants' data keys in
 * PostgreSQL stay readable across restarts (production takes PII_MASTER_KEY from a secret store).
 */
function keptMasterKey(): string {
  const file = join(root, 'infra/local/.data/pii-master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/**
 * The audit process's checkpoint signing key, kept with the local servers' data like the master key (a throwaway
 * cluster's), its public half beside it for `pnpm verify-log --postgres-url … --public-key FILE`.
 */
function keptChainSigningKey(): { privateKeyPem: string; publicKeyFile: string } {
  const file = join(root, 'infra/local/.data/chain-signing.key');
  const publicKeyFile = join(root, 'infra/local/.data/chain-signing.pub');
  if (existsSync(file) && existsSync(publicKeyFile))
    return { privateKeyPem: readFileSync(file, 'utf8'), publicKeyFile };
  mkdirSync(dirname(file), { recursive: true });
  const { privateKeyPem, publicKeyPem } = generateSigningKey();
  writeFileSync(file, privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyFile, publicKeyPem);
  return { privateKeyPem, publicKeyFile };
}

function run(what: string, command: string, args: string[]) {
  const started = Date.now();
  console.log(`cluster: ${what}...`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
  console.log(`cluster: ${what} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', multiple: true, default: [] },
      'skip-infra': { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = loadLauncherEnv();
  const scale = parseScale([...(env.REPLICAS?.split(',') ?? []), ...(values.scale ?? [])]);
  const started = Date.now();
  if (!values['skip-infra']) run('pnpm infra:up', 'bash', [join(root, 'infra/local/all.sh'), 'up']);
  const { servers, kafka } = serversFrom(env);
  if (!values['skip-build']) {
    run('build', join(root, 'node_modules/.bin/turbo'), ['run', 'build', '--output-logs=errors-only']);
  }
  const signing = env.inherited.CHAIN_SIGNING_KEY ? undefined : keptChainSigningKey();
  const launchStarted = Date.now();
  const cluster = await launchCluster({
    root,
    servers,
    scale,
    gatewayPort: env.PORT,
    basePort: env.PORT + 1,
    inherited: env.inherited,
    ...(kafka ? { kafka } : {}),
    piiMasterKey: env.inherited.PII_MASTER_KEY ?? keptMasterKey(),
    ...(signing ? { chainSigningKey: signing.privateKeyPem } : {}),
    env: { LOG_LEVEL: env.LOG_LEVEL },
  });
  const counts = { ...DEFAULT_SCALE, ...scale };
  console.log(
    [
      '',
      `Appeals platform (cluster) at ${cluster.url}   API docs: ${cluster.url}/openapi.json`,
      `  processes: ${(['relay', ...CLUSTER_SERVICES, ...BACKGROUND_SERVICES] as const).map((n) => `${n} x${counts[n]}`).join(', ')}, gateway`,
      `  ready in ${((Date.now() - launchStarted) / 1000).toFixed(1)} s after the build (${((Date.now() - started) / 1000).toFixed(1)} s in all)`,
      `  dev tokens: curl -XPOST ${cluster.url}/api/v1/auth/dev-token -H 'content-type: application/json' -d '{"role":"applicant"}'`,
      signing
        ? `  checkpoints signed; verify the log: pnpm verify-log --postgres-url "$POSTGRES_URL" --public-key ${signing.publicKeyFile}`
        : '  checkpoints signed with the CHAIN_SIGNING_KEY given',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`cluster: ${signal}, stopping every process...`);
    cluster.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  // the children have their own process group: never leave them behind
  process.on('exit', () => {
    for (const p of cluster.processes()) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });
}

main().catch((error: unknown) => {
  console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
