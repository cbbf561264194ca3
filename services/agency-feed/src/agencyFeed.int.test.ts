import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { startAgencyConsumer, type AgencyConsumer } from '@appeals/agency-sdk';
import { waitFor } from '@appeals/bus/contract';
import {
  agencyGroupPrefix,
  agencyTopic,
  agencyUser,
  createKafkaBus,
  kafkaClientConfig,
  readUsersFile,
  type KafkaBus,
} from '@appeals/bus-kafka';
import { createInMemoryCheckpointStore, type Subscription } from '@appeals/eventstore';
import { startRelay } from '@appeals/relay';
import { actors, createTestPlatform, type TestPlatform } from '@appeals/testkit';
import { kafkaUnderTest, kafkaUsersUnderTest } from '@appeals/testkit/kafka';
import { startAgencyFeed } from './agencyFeed';

// The agency feed on the real broker, read back by the agencies' own Kafka users through the agency SDK: each sees only its cases, and a
// case forwarded whole moves from one agency's topic to the other's. Appeals are filed through the appeal commands
// on an in-memory event store; a relay publishes them to a topic of this run, which the feed follows.

const server = kafkaUnderTest();
const usersFile = kafkaUsersUnderTest();
const describeKafka = server.url && usersFile.url ? describe : describe.skip;
const MON = 'mon';
const MOH = 'moh';

describeKafka('the agency feed on Kafka', () => {
  const run = randomUUID().slice(0, 8);
  const sourceTopic = `agency-feed-test.${run}.events`;
  let s: TestPlatform;
  let bus: KafkaBus;
  let relay: Subscription;
  const consumers: AgencyConsumer[] = [];
  /** per agency: "appealId:EventType" of our appeals, each event once (by ce_id) */
  const seen = new Map<string, string[]>([
    [MON, []],
    [MOH, []],
  ]);
  const ours = new Set<string>();

  /** our appeals' messages some agency could not decode (none: the agency SDK reads all the feed writes) */
  const undecodable: string[] = [];
  /** Reads an agency's topic as the agency does: its own SCRAM user, through the agency SDK (typed, upcast). */
  const readAs = async (agencyId: string) => {
    const password = readUsersFile(usersFile.url).get(agencyUser(agencyId))!;
    const ids = new Set<string>();
    const consumer = await startAgencyConsumer(
      {
        agencyId,
        brokers: server.brokers,
        sasl: { mechanism: 'scram-sha-512', username: agencyUser(agencyId), password },
        name: `test-${run}`,
        // the topic is shared with other tests, some of which write what is no event on purpose
        onUndecodable: (error, message) => {
          if (ours.has(message.key)) undecodable.push(`${message.key}: ${error.message}`);
        },
      },
      (event) => {
        if (!ours.has(event.appealId) || ids.has(event.id)) return;
        ids.add(event.id);
        seen.get(agencyId)!.push(`${event.appealId}:${event.type}`);
      },
    );
    consumers.push(consumer);
  };

  beforeAll(async () => {
    s = createTestPlatform();
    bus = createKafkaBus({
      brokers: server.brokers,
      sasl: server.sasl,
      clientId: 'agency-feed-test',
      consumer: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 200,
        rebalanceTimeoutMs: 5_000,
        maxWaitTimeMs: 100,
      },
    });
    await bus.ensureTopics([agencyTopic(MON), agencyTopic(MOH)]);
    await startAgencyFeed({ store: s.store, bus, groupId: `agency-feed-test.${run}`, sourceTopic });
    relay = startRelay({
      store: s.store,
      checkpoints: createInMemoryCheckpointStore(),
      bus,
      topicFor: () => sourceTopic,
    });
    await readAs(MON);
    await readAs(MOH);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await relay?.stop();
    await bus?.close();
    await s?.stop();
    const admin = new Kafka({
      clientId: 'agency-feed-test-cleanup',
      ...kafkaClientConfig({ brokers: server.brokers, sasl: server.sasl }),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [sourceTopic] }).catch(() => undefined);
    await admin
      .deleteGroups([
        `agency-feed-test.${run}`,
        ...[MON, MOH].map((id) => `${agencyGroupPrefix(id)}test-${run}`),
      ])
      .catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it("gives each agency only its own cases, and moves a case forwarded whole to the new agency's topic", async () => {
    const forMon = await s.submitAppeal();
    const forMoh = await s.submitAppeal();
    const forwarded = await s.submitAppeal();
    for (const id of [forMon, forMoh, forwarded]) ours.add(id);
    await s.route(forMon, MON);
    await s.route(forMoh, MOH);
    await s.route(forwarded, MON);
    await s.commands.execute(
      forwarded,
      {
        type: 'ForwardAppeal',
        now: s.clock(),
        actor: { ...actors.registrar, agencyId: MON },
        data: { toAgencyId: MOH, scope: 'whole', reason: 'health care is the ministry of health' },
      },
      { service: 'routing' },
    );
    const history = ['AppealSubmitted', 'AppealRegistered', 'AppealRouted'];
    const expected: Record<string, string[]> = {
      [MON]: [
        ...history.map((t) => `${forMon}:${t}`),
        ...[...history, 'AppealForwarded'].map((t) => `${forwarded}:${t}`),
      ],
      [MOH]: [
        ...history.map((t) => `${forMoh}:${t}`),
        ...[...history, 'AppealForwarded'].map((t) => `${forwarded}:${t}`),
      ],
    };
    const sorted = (list: string[]) => [...list].sort();
    await waitFor(() => [MON, MOH].every((id) => seen.get(id)!.length >= expected[id]!.length), 45_000);
    for (const id of [MON, MOH]) expect(sorted(seen.get(id)!)).toEqual(sorted(expected[id]!));
    // in order per appeal
    expect(seen.get(MOH)!.filter((e) => e.startsWith(forwarded))).toEqual(expected[MOH]!.slice(3));
    expect(seen.get(MON)!.filter((e) => e.startsWith(forwarded))).toEqual(expected[MON]!.slice(3));

    // after the forward, the case's new events reach the new agency only
    await s.commands.execute(
      forwarded,
      {
        type: 'AssignExecutors',
        now: s.clock(),
        actor: { ...actors.head, agencyId: MOH },
        data: { executorIds: ['e-1'] },
      },
      { service: 'response' },
    );
    await waitFor(() => seen.get(MOH)!.includes(`${forwarded}:ExecutorsAssigned`), 30_000);
    await new Promise((r) => setTimeout(r, 1_000)); // it would show up at MON by now
    expect(seen.get(MON)!.some((e) => e.endsWith('ExecutorsAssigned'))).toBe(false);
    expect(undecodable).toEqual([]);
  }, 90_000);
});
