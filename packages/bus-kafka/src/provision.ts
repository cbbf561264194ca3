// Provisions the local broker's users and ACLs (run by infra/local/kafka.sh through tsx; not part of the bus):
//
//   provision.ts users <users-file> <demo.json>           one password per user, generated once (file mode 600)
//   provision.ts acls <users-file> <demo.json> <brokers>  applies accessPlan() as the admin user
//
// The users file holds `name=password` lines; `admin` is the broker's super user. SCRAM credentials themselves are
// set by infra/local/kafka/ScramUsers.java (kafkajs cannot alter SCRAM users).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { SERVICE_USERS, accessPlan, agencyUser, applyAccessPlan, parseUsers } from './access';
import { kafkaClientConfig } from './sasl';

export const ADMIN_USER = 'admin';

function agenciesOf(seedFile: string): string[] {
  const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as { agencies?: Array<{ id: string }> };
  return (seed.agencies ?? []).map((agency) => agency.id);
}

function ensureUsers(file: string, seedFile: string): void {
  const users = existsSync(file) ? parseUsers(readFileSync(file, 'utf8')) : new Map<string, string>();
  const wanted = [ADMIN_USER, ...SERVICE_USERS, ...agenciesOf(seedFile).map(agencyUser)];
  let added = 0;
  for (const name of wanted) {
    if (users.has(name)) continue;
    // base64url: no character that needs quoting in a JAAS line or an env file
    users.set(name, randomBytes(24).toString('base64url'));
    added += 1;
  }
  if (added > 0 || !existsSync(file)) {
    writeFileSync(file, [...users].map(([name, password]) => `${name}=${password}\n`).join(''), {
      mode: 0o600,
    });
  }
  chmodSync(file, 0o600);
  process.stderr.write(`kafka: ${users.size} users in ${file} (${added} new)\n`);
}

async function applyAcls(file: string, seedFile: string, brokers: string): Promise<void> {
  const password = parseUsers(readFileSync(file, 'utf8')).get(ADMIN_USER);
  if (!password) throw new Error(`${file} has no ${ADMIN_USER} user`);
  const admin = new Kafka({
    clientId: 'appeals-provision',
    ...kafkaClientConfig({ brokers, sasl: { mechanism: 'scram-sha-512', username: ADMIN_USER, password } }),
    retry: { initialRetryTime: 300, retries: 10 },
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const count = await applyAccessPlan(admin, accessPlan({ agencies: agenciesOf(seedFile) }));
    process.stderr.write(`kafka: ${count} ACL bindings applied\n`);
  } finally {
    await admin.disconnect();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, file, seedFile, brokers] = argv;
  if (command === 'users' && file && seedFile) return ensureUsers(file, seedFile);
  if (command === 'acls' && file && seedFile && brokers) return applyAcls(file, seedFile, brokers);
  throw new Error(
    'usage: provision.ts users <users-file> <demo.json> | acls <users-file> <demo.json> <brokers>',
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`kafka provision: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
