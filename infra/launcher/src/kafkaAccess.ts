import {
  accessPlan,
  applyAccessPlan,
  kafkaClientConfig,
  removeAccessPlan,
  type KafkaSasl,
  type UserAccess,
} from '@appeals/bus-kafka';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { BACKEND, type ProcessName } from './scale';

/** How the processes authenticate to Kafka (SASL/SCRAM). */
export interface ClusterKafkaAccess {
  /** a super user: sets up a namespaced run's ACLs (KAFKA_NAMESPACE), and is every process's user without `users` */
  admin: KafkaSasl;
  /** each process's own user (relay, intake, …, agency-feed) and password, as in KAFKA_USERS_FILE */
  users?: ReadonlyMap<string, string> | undefined;
}

/** KAFKA_SASL_* of each process: its own user when `users` names it, else the admin; nothing without `kafka`. */
export function kafkaCredentials(
  kafka: ClusterKafkaAccess | undefined,
): (name: ProcessName) => Record<string, string> {
  if (!kafka) return () => ({});
  const { admin, users } = kafka;
  if (users) {
    const missing = BACKEND.filter((name) => !users.has(name));
    if (missing.length > 0) throw new Error(`the Kafka users file has no user for ${missing.join(', ')}`);
  }
  return (name) => ({
    KAFKA_SASL_MECHANISM: admin.mechanism,
    KAFKA_SASL_USERNAME: users ? name : admin.username,
    KAFKA_SASL_PASSWORD: users ? users.get(name)! : admin.password,
  });
}

async function withKafkaAdmin<T>(
  brokers: string,
  kafka: ClusterKafkaAccess | undefined,
  work: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = new Kafka({
    clientId: 'cluster-launcher',
    ...kafkaClientConfig({ brokers, sasl: kafka?.admin }),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The grants of `plan` on the namespace's own topics and groups: what a run may take away when it ends. The plan
 * also grants rights on shared resources (the adapter's dead-letter topic), which the broker's own provisioning
 * granted too and every other deployment on the broker still uses.
 */
export function namespacedGrants(plan: UserAccess[], namespace: string): UserAccess[] {
  const prefix = namespace.endsWith('.') ? namespace : `${namespace}.`;
  return plan.map((access) => ({ ...access, grants: access.grants.filter((g) => g.name.startsWith(prefix)) }));
}

/**
 * A namespaced run (a test) has its own topic and group names: each service user gets the same rights on them.
 * Returns what to take back when the run ends ({@link revokeNamespace}: the namespace's own grants, never the
 * shared ones), or undefined when nothing needed granting.
 */
export async function grantNamespace(
  brokers: string,
  kafka: ClusterKafkaAccess | undefined,
  namespace: string,
): Promise<UserAccess[] | undefined> {
  const grants = kafka?.users && namespace ? accessPlan({ namespace }) : undefined;
  if (!grants) return undefined;
  await withKafkaAdmin(brokers, kafka, (admin) => applyAccessPlan(admin, grants));
  return namespacedGrants(grants, namespace);
}

/** Removes a namespaced run's ACLs (cleanup: a failure is not the run's). */
export async function revokeNamespace(
  brokers: string,
  kafka: ClusterKafkaAccess | undefined,
  grants: UserAccess[] | undefined,
): Promise<void> {
  if (grants)
    await withKafkaAdmin(brokers, kafka, (admin) => removeAccessPlan(admin, grants)).catch(() => undefined);
}
