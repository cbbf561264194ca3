import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { waitFor } from '@appeals/bus/contract';
import { kafkaUnderTest, kafkaUsersUnderTest } from '@appeals/testkit/kafka';
import { PLATFORM_TOPICS, agencyGroupPrefix, agencyTopic, agencyUser, readUsersFile } from './access';
import { kafkaClientConfig } from './sasl';

// The local broker's SASL/SCRAM users and ACLs (infra/local/kafka.sh, accessPlan()): each agency reads only its own
// topic in its own groups, a service writes only the topics it owns, and a wrong password gets nothing.

const server = kafkaUnderTest();
const usersFile = kafkaUsersUnderTest();
const describeAcl = server.url && usersFile.url ? describe : describe.skip;
const users = {
  password(user: string): string {
    const found = readUsersFile(usersFile.url).get(user);
    if (!found) throw new Error(`${usersFile.url} has no user ${user}`);
    return found;
  },
};
const MON = 'mon';
const MOH = 'moh';

const clientAs = (username: string, password = users.password(username)) =>
  new Kafka({
    clientId: `acl-test-${username}`,
    ...kafkaClientConfig({
      brokers: server.brokers,
      sasl: { mechanism: 'scram-sha-512', username, password },
    }),
    retry: { retries: 3 },
    connectionTimeout: 3_000,
    logLevel: logLevel.NOTHING,
  });

/** The Kafka error type a failed call ended with (kafkajs wraps some errors once or twice). */
async function failureOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    for (
      let e = error as { type?: string; name?: string; originalError?: unknown; cause?: unknown } | undefined;
      e;

    ) {
      if (e.type) return e.type;
      const next = (e.originalError ?? e.cause) as typeof e;
      if (!next) return e.name ?? 'unknown';
      e = next;
    }
  }
  return 'succeeded';
}

describeAcl('Kafka users and ACLs', () => {
  const admin = new Kafka({
    clientId: 'acl-test-admin',
    ...kafkaClientConfig({ brokers: server.brokers, sasl: server.sasl }),
    logLevel: logLevel.NOTHING,
  }).admin();
  const opened: Admin[] = [];
  const adminAs = async (user: string): Promise<Admin> => {
    const client = clientAs(user).admin();
    opened.push(client);
    await client.connect();
    return client;
  };
  const groups: string[] = [];

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      // the event topic too, so a refused write is refused for want of a right, not of a topic
      topics: [agencyTopic(MON), agencyTopic(MOH), PLATFORM_TOPICS.appealEvents].map((topic) => ({
        topic,
        numPartitions: 12,
      })),
      waitForLeaders: true,
    });
  });
  afterAll(async () => {
    await Promise.all(opened.map((client) => client.disconnect()));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  });

  it('lets an agency user read its own agency topic in its own consumer group', async () => {
    const key = randomUUID();
    const producer = clientAs('agency-feed').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: agencyTopic(MON), acks: -1, messages: [{ key, value: 'for mon only' }] });
    await producer.disconnect();

    const groupId = `${agencyGroupPrefix(MON)}${randomUUID()}`;
    groups.push(groupId);
    const consumer = clientAs(agencyUser(MON)).consumer({
      groupId,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
    });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [agencyTopic(MON)], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void seen.push(message.key?.toString() ?? ''),
      });
      await waitFor(() => seen.includes(key), 30_000);
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toContain(key);
  }, 45_000);

  it("refuses an agency user another agency's topic and the platform's event topic", async () => {
    const mon = await adminAs(agencyUser(MON));
    expect(await failureOf(() => mon.fetchTopicOffsets(agencyTopic(MON)))).toBe('succeeded');
    expect(await failureOf(() => mon.fetchTopicOffsets(agencyTopic(MOH)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await failureOf(() => mon.fetchTopicOffsets(PLATFORM_TOPICS.appealEvents))).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    const consumer = clientAs(agencyUser(MON)).consumer({
      groupId: `${agencyGroupPrefix(MON)}${randomUUID()}`,
    });
    await consumer.connect();
    try {
      expect(await failureOf(() => consumer.subscribe({ topics: [agencyTopic(MOH)] }))).toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it("refuses an agency user any consumer group outside its prefix (another agency's, a service's)", async () => {
    // kafkajs reports a refused FindCoordinator as "group coordinator not found" and logs the broker's answer at
    // debug level: read the error code there.
    const offsetsOf = async (groupId: string): Promise<string> => {
      const answers: string[] = [];
      const client = new Kafka({
        clientId: 'acl-test-groups',
        ...kafkaClientConfig({
          brokers: server.brokers,
          sasl: {
            mechanism: 'scram-sha-512',
            username: agencyUser(MON),
            password: users.password(agencyUser(MON)),
          },
        }),
        logLevel: logLevel.DEBUG,
        logCreator: () => (entry) => {
          const error = (entry.log as { error?: { type?: string } }).error;
          if (entry.log.message === 'Tried to find group coordinator' && error?.type)
            answers.push(error.type);
        },
      }).admin();
      await client.connect();
      try {
        const outcome = await failureOf(() => client.fetchOffsets({ groupId, topics: [agencyTopic(MON)] }));
        return outcome === 'succeeded' ? outcome : (answers[0] ?? outcome);
      } finally {
        await client.disconnect();
      }
    };
    expect(await offsetsOf(`${agencyGroupPrefix(MON)}${randomUUID()}`)).toBe('succeeded');
    expect(await offsetsOf(`${agencyGroupPrefix(MOH)}${randomUUID()}`)).toBe('GROUP_AUTHORIZATION_FAILED');
    expect(await offsetsOf('routing')).toBe('GROUP_AUTHORIZATION_FAILED');
  });

  it('refuses a user writes to topics it does not own', async () => {
    const send = (user: string, topic: string) => async () => {
      const producer = clientAs(user).producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: randomUUID(), value: 'forged' }] });
      } finally {
        await producer.disconnect();
      }
    };
    expect(await failureOf(send('routing', PLATFORM_TOPICS.appealEvents))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await failureOf(send('intake', PLATFORM_TOPICS.appealEvents))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await failureOf(send('relay', agencyTopic(MON)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await failureOf(send('routing', agencyTopic(MON)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await failureOf(send(agencyUser(MON), agencyTopic(MON)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    // …and lets the owner write: the agency feed publishes to every agency topic
    expect(await failureOf(send('agency-feed', agencyTopic(MOH)))).toBe('succeeded');
  });

  it('refuses a wrong password and a client without credentials', async () => {
    const wrong = clientAs(agencyUser(MON), 'not-the-password').admin();
    expect(await failureOf(() => wrong.connect())).toBe('KafkaJSSASLAuthenticationError');
    await wrong.disconnect();
    const anonymous = new Kafka({
      clientId: 'acl-test-anonymous',
      brokers: server.brokers.split(','),
      retry: { retries: 0 },
      connectionTimeout: 3_000,
      requestTimeout: 3_000,
      logLevel: logLevel.NOTHING,
    }).admin();
    expect(await failureOf(() => anonymous.listTopics())).not.toBe('succeeded');
    await anonymous.disconnect();
  });
});
