import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  agencyUser,
  createKafkaBus,
  kafkaClientConfig,
  readUsersFile,
  type KafkaBus,
} from '@appeals/bus-kafka';
import { Topics, toEventMessage, type EventEnvelope } from '@appeals/contracts';
import { kafkaUnderTest, kafkaUsersUnderTest } from '@appeals/testkit/kafka';
import { startAgencyConsumer, type AgencyConsumer, type AgencyEvent } from '.';

// A real agency topic on the local broker (infra/local): the platform's Kafka bus publishes as the agency feed's
// user what the agency feed publishes (toEventMessage on appeals.agency.mon.v1), and the SDK reads it as the
// agency's own SCRAM user. The topic is shared with other tests, so each test follows only its own fresh appeal.

const server = kafkaUnderTest();
const usersFile = kafkaUsersUnderTest();
const describeKafka = server.url && usersFile.url ? describe : describe.skip;
const AGENCY = 'mon';
const password = (user: string) => readUsersFile(usersFile.url).get(user) ?? '';
const agencySasl = () => ({
  mechanism: 'scram-sha-512' as const,
  username: agencyUser(AGENCY),
  password: password(agencyUser(AGENCY)),
});

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let globalPosition = Date.now();
const envelope = (appealId: string, type: string, data: unknown): EventEnvelope => ({
  id: randomUUID(),
  type,
  stream: `appeal-${appealId}`,
  streamPosition: 0,
  globalPosition: globalPosition++,
  time: new Date().toISOString(),
  data,
  metadata: { service: 'routing' },
});
const routed = (appealId: string) =>
  envelope(appealId, 'AppealRouted', { appealId, agencyId: AGENCY, by: 'rules' });
/** A complaint as written at v1, before complaint kinds: no `kind` (upcast to `complaint` on read). */
const complaintV1 = (appealId: string) =>
  envelope(appealId, 'ComplaintFiled', {
    appealId,
    complaintAppealId: randomUUID(),
    higherAgencyId: 'gov',
    reason: { subjectId: randomUUID(), alg: 'A256GCM', iv: 'AAAA', ciphertext: 'AAAA', tag: 'AAAA' },
    filedAt: new Date().toISOString(),
  });

describeKafka('an agency consumes its topic with the SDK (local broker)', () => {
  let feed: KafkaBus;
  const groups: string[] = [];
  const consumers: AgencyConsumer[] = [];
  const publish = (...events: EventEnvelope[]) =>
    feed.publish(events.map((e) => toEventMessage(e, Topics.agency(AGENCY))));

  beforeAll(() => {
    const sasl = {
      mechanism: 'scram-sha-512' as const,
      username: 'agency-feed',
      password: password('agency-feed'),
    };
    feed = createKafkaBus({ brokers: server.brokers, clientId: 'agency-sdk-test-feed', sasl });
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await feed.close();
    const admin = new Kafka({
      clientId: 'agency-sdk-test-admin',
      ...kafkaClientConfig({ brokers: server.brokers, sasl: server.sasl }),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  });

  /** Starts a consumer in group agency.mon.<name>, keeping the events and the undecodable keys of `appealId`. */
  async function consume(name: string, appealId: string) {
    const events: AgencyEvent[] = [];
    const undecodable: string[] = [];
    const consumer = await startAgencyConsumer(
      {
        agencyId: AGENCY,
        brokers: server.brokers,
        sasl: agencySasl(),
        name,
        onUndecodable: (error, message) => void (message.key === appealId && undecodable.push(error.reason)),
      },
      (event) => void (event.appealId === appealId && events.push(event)),
    );
    consumers.push(consumer);
    groups.push(consumer.groupId);
    return { consumer, events, undecodable };
  }

  it('gets its appeals’ events typed and upcast, skips what cannot decode, and resumes after its checkpoint', async () => {
    const appealId = randomUUID();
    const name = `test-${randomUUID()}`;
    const first = [routed(appealId), complaintV1(appealId)];
    await publish(...first);
    await feed.publish([{ topic: Topics.agency(AGENCY), key: appealId, value: 'not an event', headers: {} }]);

    const one = await consume(name, appealId);
    await waitFor(() => one.events.length >= 2 && one.undecodable.length >= 1);
    expect(one.events.map((e) => [e.id, e.type, e.writtenVersion])).toEqual([
      [first[0]!.id, 'AppealRouted', 1],
      [first[1]!.id, 'ComplaintFiled', 1],
    ]);
    const complaint = one.events[1]!;
    if (complaint.type !== 'ComplaintFiled') throw new Error('narrowing');
    expect(complaint.data.kind).toBe('complaint');
    expect(complaint.version).toBeGreaterThan(complaint.writtenVersion);
    expect(one.consumer.groupId).toBe(`agency.${AGENCY}.${name}`);
    await one.consumer.stop();

    const later = routed(appealId);
    await publish(later);
    const two = await consume(name, appealId);
    await waitFor(() => two.events.length >= 1);
    // same key, same partition: anything not committed would have come before it
    expect(two.events.map((e) => e.id)).toEqual([later.id]);
    expect(two.undecodable).toEqual([]);
    await two.consumer.stop();
  }, 90_000);

  it('stops at a message it cannot decode when no onUndecodable is given, and says why', async () => {
    const appealId = randomUUID();
    await feed.publish([{ topic: Topics.agency(AGENCY), key: appealId, value: 'not an event', headers: {} }]);
    const handled: string[] = [];
    const consumer = await startAgencyConsumer(
      { agencyId: AGENCY, brokers: server.brokers, sasl: agencySasl(), name: `strict-${randomUUID()}` },
      (event) => void handled.push(event.id),
    );
    consumers.push(consumer);
    groups.push(consumer.groupId);
    // the topic holds this test's undecodable message at least, so consuming stops at one of them
    await expect(consumer.done).rejects.toMatchObject({
      name: 'UndecodableEventError',
      code: 'MESSAGE.UNDECODABLE',
    });
  }, 60_000);

  it('runs the example an agency copies, which prints the events of its topic', async () => {
    const appealId = randomUUID();
    await publish(routed(appealId));
    const group = `example-${randomUUID()}`;
    groups.push(`agency.${AGENCY}.${group}`);
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), join(__dirname, '../examples/consume.ts')],
      {
        env: {
          PATH: process.env.PATH,
          AGENCY_ID: AGENCY,
          KAFKA_BROKERS: server.brokers,
          KAFKA_USERNAME: agencyUser(AGENCY),
          KAFKA_PASSWORD: agencySasl().password,
          AGENCY_GROUP: group,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => stdout.includes(appealId) || child.exitCode !== null, 60_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const line = stdout.split('\n').find((l) => l.includes(appealId));
    expect({ line: line && JSON.parse(line), stderr }).toMatchObject({
      line: { appealId, type: 'AppealRouted', summary: `routed to ${AGENCY} by rules` },
    });
  }, 90_000);
});
