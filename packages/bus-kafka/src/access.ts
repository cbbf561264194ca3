import { readFileSync } from 'node:fs';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type Admin,
} from 'kafkajs';

/**
 * Who may do what on the platform's Kafka: one SCRAM user per service and per agency, each allowed only the
 * topics and consumer groups it needs (least privilege). The local broker (infra/local/kafka.sh) applies this
 * plan un-namespaced; the cluster launcher applies it again under a test run's KAFKA_NAMESPACE.
 */

/** The shared topics (same names as `Topics` in @appeals/contracts, which this adapter does not import). */
export const PLATFORM_TOPICS = {
  appealEvents: 'appeals.events.v1',
  calendarEvents: 'calendars.events.v1',
  /** erasures of applicants' personal data (ADR 0006), read by projections */
  applicantEvents: 'applicants.events.v1',
  /** what became of the notices to applicants (services/notifications), no personal data; no consumer yet */
  notificationEvents: 'notifications.events.v1',
  /** weekly surges per category and region (the projections' surge watch writes them to the event store), no
   * personal data; no consumer yet */
  surgeEvents: 'surges.events.v1',
  /** the public FAQ the press publishes (docs/faq.md), no personal data; read by projections */
  faqEvents: 'faq.events.v1',
  deadLetter: 'appeals.dlq.v1',
  /** messages a consumer group could never decode (ADR event versioning); shared like the dead-letter topic */
  quarantine: 'appeals.quarantine.v1',
} as const;

/** Per-agency topics: `appeals.agency.<agencyId>.v1`, fed by the agency-feed service. */
export const AGENCY_TOPIC_PREFIX = 'appeals.agency.';
export const agencyTopic = (agencyId: string): string => `${AGENCY_TOPIC_PREFIX}${agencyId}.v1`;
/** An agency's consumers name their groups `agency.<agencyId>.<anything>`. */
export const agencyGroupPrefix = (agencyId: string): string => `agency.${agencyId}.`;
/** The Kafka user of an agency. */
export const agencyUser = (agencyId: string): string => `agency-${agencyId}`;

/** An agency id usable in a topic, group prefix and user name: no dot, so one agency's prefix never covers another's. */
const AGENCY_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The platform's service users. */
export const SERVICE_USERS = [
  'intake',
  'routing',
  'response',
  'audit',
  'projections',
  'relay',
  'agency-feed',
  'notifications',
] as const;
export type ServiceUser = (typeof SERVICE_USERS)[number];

export type Operation = 'read' | 'write' | 'create' | 'describe';

/** One permission: operations on the topics or groups whose name is `name` (literal) or starts with it (prefixed). */
export interface Grant {
  resource: 'topic' | 'group';
  name: string;
  pattern: 'literal' | 'prefixed';
  operations: Operation[];
}

export interface UserAccess {
  user: string;
  grants: Grant[];
}

const topic = (name: string, ...operations: Operation[]): Grant => ({
  resource: 'topic',
  name,
  pattern: 'literal',
  operations,
});
const group = (name: string, pattern: Grant['pattern'] = 'literal'): Grant => ({
  resource: 'group',
  name,
  pattern,
  operations: ['read'],
});

/**
 * The access plan. With a namespace (a test run's KAFKA_NAMESPACE) every topic and group name is prefixed as
 * `namespacedBus` does, except the adapter's shared dead-letter and quarantine topics. Agency users are planned un-namespaced only.
 *
 * - relay: writes (and creates) the appeal, calendar, applicant, notification, surge and FAQ event topics;
 * - routing, audit, projections: read the appeal events in their own group, write dead letters and quarantined
 *   messages; projections also
 *   reads the applicant events (erasures) and the FAQ events (the public FAQ);
 * - agency-feed: reads the appeal events in its group, writes every `appeals.agency.*` topic;
 * - notifications: reads the appeal events in its group (it records what it sent in the event store);
 * - intake, response: no topic at all (they append to the event store; the relay publishes);
 * - agency-X: reads only `appeals.agency.X.v1`, in groups `agency.X.*`.
 */
export function accessPlan(options: { namespace?: string; agencies?: string[] } = {}): UserAccess[] {
  const namespace = options.namespace ?? '';
  const prefix = namespace === '' || namespace.endsWith('.') ? namespace : `${namespace}.`;
  const ns = (name: string) => `${prefix}${name}`;
  const events = ns(PLATFORM_TOPICS.appealEvents);
  const consumer = (name: ServiceUser): UserAccess => ({
    user: name,
    grants: [
      topic(events, 'read', 'create'),
      topic(PLATFORM_TOPICS.deadLetter, 'write', 'create'),
      topic(PLATFORM_TOPICS.quarantine, 'write', 'create'),
      group(ns(name)),
    ],
  });
  const plan: UserAccess[] = [
    { user: 'intake', grants: [] },
    { user: 'response', grants: [] },
    {
      user: 'relay',
      grants: [
        topic(events, 'write', 'create'),
        topic(ns(PLATFORM_TOPICS.calendarEvents), 'write', 'create'),
        topic(ns(PLATFORM_TOPICS.applicantEvents), 'write', 'create'),
        topic(ns(PLATFORM_TOPICS.notificationEvents), 'write', 'create'),
        topic(ns(PLATFORM_TOPICS.surgeEvents), 'write', 'create'),
        topic(ns(PLATFORM_TOPICS.faqEvents), 'write', 'create'),
      ],
    },
    consumer('routing'),
    consumer('audit'),
    (() => {
      const projections = consumer('projections');
      projections.grants.push(
        topic(ns(PLATFORM_TOPICS.applicantEvents), 'read', 'create'),
        topic(ns(PLATFORM_TOPICS.faqEvents), 'read', 'create'),
      );
      return projections;
    })(),
    (() => {
      const feed = consumer('agency-feed');
      feed.grants.push({
        resource: 'topic',
        name: ns(AGENCY_TOPIC_PREFIX),
        pattern: 'prefixed',
        operations: ['write', 'create'],
      });
      return feed;
    })(),
    consumer('notifications'),
  ];
  if (prefix === '') {
    for (const agencyId of options.agencies ?? []) {
      if (!AGENCY_ID.test(agencyId)) {
        throw new TypeError(
          `agency id ${JSON.stringify(agencyId)} cannot name a Kafka user (${String(AGENCY_ID)})`,
        );
      }
      plan.push({
        user: agencyUser(agencyId),
        grants: [topic(agencyTopic(agencyId), 'read'), group(agencyGroupPrefix(agencyId), 'prefixed')],
      });
    }
  }
  return plan;
}

const OPERATIONS: Record<Operation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  describe: AclOperationTypes.DESCRIBE,
};

/** The plan as Kafka ACL bindings (ALLOW, any host). */
export function aclEntries(plan: UserAccess[]): AclEntry[] {
  return plan.flatMap(({ user, grants }) =>
    grants.flatMap((grant) =>
      grant.operations.map((operation) => ({
        resourceType: grant.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
        resourceName: grant.name,
        resourcePatternType:
          grant.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
        principal: `User:${user}`,
        host: '*',
        operation: OPERATIONS[operation],
        permissionType: AclPermissionTypes.ALLOW,
      })),
    ),
  );
}

/** Creates the plan's ACLs (idempotent: the broker keeps one copy of a binding). Needs a super user's admin. */
export async function applyAccessPlan(admin: Admin, plan: UserAccess[]): Promise<number> {
  const acl = aclEntries(plan);
  if (acl.length > 0) await admin.createAcls({ acl });
  return acl.length;
}

/** Deletes exactly the plan's ACLs (a test run's namespaced ones when it ends). */
export async function removeAccessPlan(admin: Admin, plan: UserAccess[]): Promise<void> {
  const filters = aclEntries(plan);
  if (filters.length > 0) await admin.deleteAcls({ filters });
}

/** The users file infra/local/kafka.sh writes: `name=password` lines. */
export function parseUsers(text: string): Map<string, string> {
  const users = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) users.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return users;
}

/** Reads a users file (KAFKA_USERS_FILE). */
export const readUsersFile = (file: string): Map<string, string> => parseUsers(readFileSync(file, 'utf8'));
