import { checkpointSignatureValid, readPublicKey } from '@appeals/chain';
import { kafkaClientConfig, readUsersFile } from '@appeals/bus-kafka';
import { launchCluster, type Cluster } from '@appeals/launcher';
import { dropNamespace, type Namespace } from '@appeals/service-host/namespace';
import { kafkaUnderTest, kafkaUsersUnderTest } from '@appeals/testkit/kafka';
import { serverUnderTest } from '@appeals/testkit/server';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { authorizationMatrix } from './authz.scenarios';
import { clearValuesIn } from './clearScan';
import { httpClient, pollUntil, readAppeal, type SystemUnderTest } from './client';
import { housingAppeal, lifecycleScenarios } from './lifecycle.scenarios';

// The lifecycle scenarios against the cluster: every process started from its build (node services/*/dist/main.js)
// on the real servers, in a namespace of its own (PostgreSQL schema, Kafka topic and group prefix, MongoDB
// database), then a routing process killed in the middle of a burst of appeals. Each process connects to Kafka as
// its own SASL/SCRAM user, with the rights accessPlan() gives it on this run's namespaced topics and groups.

const kafkaServer = kafkaUnderTest();
const kafkaUsers = kafkaUsersUnderTest();
const servers = [serverUnderTest('POSTGRES_URL'), kafkaServer, serverUnderTest('MONGODB_URL'), kafkaUsers];
const [postgres, kafka, mongodb] = servers.map((s) => s.url) as [string, string, string];
const describeCluster = servers.every((s) => s.url) ? describe : describe.skip;

const id = randomBytes(4).toString('hex');
const mongoUrl = (() => {
  if (!mongodb) return '';
  const url = new URL(mongodb);
  url.pathname = `/e2e_${id}`;
  return url.toString();
})();
const namespace: Namespace = {
  postgresUrl: postgres,
  schema: `e2e_${id}`,
  kafkaBrokers: kafka,
  kafkaSasl: kafkaServer.sasl,
  kafkaNamespace: `e2e-${id}`,
  mongodbUrl: mongoUrl,
};
const logFile = join(tmpdir(), `appeals-cluster-e2e-${id}.log`);
/** the api key of this run's Open311 client (ADR "Open311"): intake keeps only its hash */
const OPEN311_KEY = `e2e-${id}`;

describeCluster('the cluster (one process per service)', () => {
  let cluster: Cluster;
  let t: SystemUnderTest;
  const log = createWriteStream(logFile);

  beforeAll(async () => {
    const started = Date.now();
    try {
      cluster = await launchCluster({
        root: resolve(__dirname, '..', '..', '..'),
        servers: { POSTGRES_URL: postgres, KAFKA_BROKERS: kafka, MONGODB_URL: mongoUrl },
        gatewayPort: 0,
        basePort: 0,
        inherited: { PATH: process.env.PATH },
        env: {
          POSTGRES_SCHEMA: namespace.schema,
          KAFKA_NAMESPACE: namespace.kafkaNamespace,
          LOG_LEVEL: 'info',
          // a killed consumer's partitions move on after 6 s instead of 30 s
          KAFKA_SESSION_TIMEOUT_MS: '6000',
          KAFKA_HEARTBEAT_INTERVAL_MS: '500',
          DEADLINE_SWEEP_SECONDS: '3600',
          // the audit process signs a checkpoint of the global chain within a second of new links
          CHAIN_CHECKPOINT_EVERY_EVENTS: '5',
          CHAIN_CHECKPOINT_INTERVAL_SECONDS: '1',
          OPEN311_API_KEYS: `e2e:${createHash('sha256').update(OPEN311_KEY).digest('hex')}`,
          OPEN311_DEFAULT_REGION: '750000000',
        },
        ...(kafkaServer.sasl
          ? { kafka: { admin: kafkaServer.sasl, users: readUsersFile(kafkaUsers.url) } }
          : {}),
        output: (line) => log.write(`${line}\n`),
        readyTimeoutMs: 60_000,
      });
    } catch (error) {
      throw new Error(`${(error as Error).message} (process output: ${logFile})`);
    }
    log.write(`cluster ready in ${Date.now() - started} ms\n`);
    t = {
      base: cluster.url,
      ...httpClient(cluster.url),
      settled: (read, until) => pollUntil(read, until, 20_000),
      stop: () => cluster.stop(),
    };
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop(10_000);
    await dropNamespace(namespace);
    log.end();
  }, 60_000);

  lifecycleScenarios('the cluster', () => t);
  authorizationMatrix('the cluster', () => t);

  describe('the agency feed', () => {
    /** polls `check` until it holds or `timeoutMs` passed; says whether it held */
    const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
        if (await check()) return true;
        await new Promise((r) => setTimeout(r, 250));
      }
      return check();
    };

    it("puts a routed appeal's history on its agency's topic, keyed by the appeal", async () => {
      const filed = await t.call('POST', '/api/v1/appeals', { body: housingAppeal() });
      expect(filed.status).toBe(201);
      const id = filed.body.id as string;
      // read as the admin: the agency users' rights are on the un-namespaced topics only
      const client = new Kafka({
        clientId: 'e2e-agency-reader',
        ...kafkaClientConfig({ brokers: kafka, sasl: kafkaServer.sasl }),
        logLevel: logLevel.NOTHING,
      });
      const topic = `${namespace.kafkaNamespace}.appeals.agency.akimat-almaty-bostandyk.v1`;
      const admin = client.admin();
      await admin.connect();
      try {
        // the feed creates the topic when it first publishes to it
        expect(await eventually(async () => (await admin.listTopics()).includes(topic))).toBe(true);
      } finally {
        await admin.disconnect();
      }
      const consumer = client.consumer({
        groupId: `${namespace.kafkaNamespace}.agency-reader`,
        sessionTimeout: 6_000,
        heartbeatInterval: 500,
      });
      const types: string[] = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() !== id) return;
            types.push((JSON.parse(message.value!.toString()) as { type: string }).type);
          },
        });
        await eventually(() => types.includes('AppealRouted'));
      } finally {
        await consumer.disconnect();
      }
      // intake may have recorded possible duplicates of earlier appeals of this run with the filing (docs/duplicates.md)
      const lifecycle = types.filter((type) => type !== 'AppealPossibleDuplicatesFound');
      expect(lifecycle.slice(0, 3)).toEqual(['AppealSubmitted', 'AppealRegistered', 'AppealRouted']);
    }, 60_000);
  });

  describe('the tamper-evident history (ADR 0005)', () => {
    it("signs checkpoints of the global chain with a key the launcher generated, which the auditor's public key verifies", async () => {
      expect((await t.call('POST', '/api/v1/appeals', { body: housingAppeal() })).status).toBe(201);
      const token = await t.token('auditor');
      const chain = await t.settled(
        () => t.call('GET', '/api/v1/audit/chain', { token }),
        (reply) => reply.status === 200 && reply.body.lastCheckpoint !== null,
      );
      const { signingKey, lastCheckpoint } = chain.body;
      expect(signingKey).not.toBeNull();
      expect(lastCheckpoint.keyId).toBe(signingKey.keyId);
      expect(checkpointSignatureValid(lastCheckpoint, readPublicKey(signingKey.publicKeyPem))).toBe(true);
    }, 60_000);
  });

  describe('personal data on the production backbone (ADR 0006)', () => {
    const NAME = `Асель Нурланова ${id}`;
    const IIN = '910704450089';
    const PHONE = '+77019876543';
    const EMAIL = `asel.${id}@example.kz`;
    const ADDRESS = `г. Астана, ул. Кенесары, 40, кв. ${id}`;
    const TEXT = `Во дворе по ул. Кенесары, 40 (${id}) третий день не вывозят мусор.`;
    const REASON = `Мусор вывезли, спасибо соседу Ерболу (${id})`;
    const CLEAR = { NAME, IIN, PHONE, EMAIL, ADDRESS, TEXT, REASON };

    it('is in no row of the PostgreSQL events table, no Kafka message and no MongoDB view in clear, and an erasure reaches the views', async () => {
      const citizen = await t.token('applicant', { sub: `citizen-pii-${id}` });
      const admin = await t.token('admin');
      const filed = await t.call('POST', '/api/v1/appeals', {
        token: citizen,
        body: housingAppeal({
          text: TEXT,
          applicant: {
            type: 'individual',
            fullName: NAME,
            iin: IIN,
            phone: PHONE,
            email: EMAIL,
            address: ADDRESS,
          },
        }),
      });
      expect(filed.status).toBe(201);
      const appealId = filed.body.id as string;
      const withdrawn = await t.call('POST', `/api/v1/appeals/${appealId}/withdraw`, {
        token: citizen,
        body: { reason: REASON },
      });
      expect(withdrawn.status).toBe(200);
      // the views hold the sealed blocks and the read route opens them: the version the withdrawal answered
      const opened = await readAppeal(
        t.call,
        appealId,
        { minVersion: withdrawn.body.version },
        { token: citizen },
      );
      expect(opened.body.personalData).toBe('present');
      expect(opened.body).toMatchObject({
        applicant: { fullName: NAME, iin: IIN, phone: PHONE },
        text: TEXT,
      });
      expect(opened.body.timeline.at(-1).summary).toMatchObject({ reason: REASON });

      // every column of every stored event, as the server hands it out (the test role may not read table files)
      const pool = new Pool({ connectionString: postgres, max: 1 });
      try {
        const { rows } = await pool.query<{ row: string }>(
          `SELECT e::text AS row FROM ${namespace.schema}.events e`,
        );
        const stored = rows.map((r) => r.row).join('\n');
        expect(stored).toContain(appealId);
        expect(stored).toContain('Нет отопления'); // clear Cyrillic is found where it is (the subject line)
        expect(clearValuesIn(Buffer.from(stored), CLEAR, 'events')).toEqual([]);
      } finally {
        await pool.end();
      }

      // the raw bytes of every message on the appeal topic, keys and headers included, read from the start
      const kafkaClient = new Kafka({
        clientId: `pii-scan-${id}`,
        ...kafkaClientConfig({ brokers: kafka, sasl: kafkaServer.sasl }),
        logLevel: logLevel.NOTHING,
      });
      const consumer = kafkaClient.consumer({ groupId: `${namespace.kafkaNamespace}.pii-scan` });
      const raw: Buffer[] = [];
      try {
        await consumer.connect();
        await consumer.subscribe({
          topic: `${namespace.kafkaNamespace}.appeals.events.v1`,
          fromBeginning: true,
        });
        await consumer.run({
          eachMessage: async ({ message }) => {
            raw.push(message.key ?? Buffer.alloc(0), message.value ?? Buffer.alloc(0));
            for (const value of Object.values(message.headers ?? {})) raw.push(Buffer.from(String(value)));
          },
        });
        const deadline = Date.now() + 30_000;
        while (!Buffer.concat(raw).includes(appealId) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 200));
      } finally {
        await consumer.disconnect();
      }
      const messages = Buffer.concat(raw);
      expect(messages.includes(appealId)).toBe(true);
      expect(messages.includes('A256GCM')).toBe(true);
      expect(clearValuesIn(messages, CLEAR, 'Kafka')).toEqual([]);

      // the raw BSON of every document of every collection of the views' database
      const mongo = new MongoClient(mongoUrl);
      try {
        const db = mongo.db();
        const documents: Buffer[] = [];
        // `raw`: each document as the BSON bytes the server sent (the driver's types say Document)
        for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray())
          for await (const doc of db.collection(name).find({}, { raw: true }))
            documents.push(doc as unknown as Buffer);
        const views = Buffer.concat(documents);
        expect(views.includes(appealId)).toBe(true);
        expect(clearValuesIn(views, CLEAR, 'MongoDB')).toEqual([]);
      } finally {
        await mongo.close();
      }

      // the erase command goes through the gateway to intake: the key is gone, the sealed views open as erased
      const erased = await t.call('POST', `/api/v1/admin/applicants/${opened.body.subjectId}/erase`, {
        token: admin,
      });
      expect(erased.status).toBe(200);
      const after = await t.settled(
        () => t.call('GET', `/api/v1/appeals/${appealId}`, { token: citizen }),
        (r) => r.body?.personalData === 'erased',
      );
      expect(after.body).toMatchObject({
        personalData: 'erased',
        applicant: { type: 'individual', personalData: 'erased' },
        text: 'erased',
      });
    }, 90_000);
  });

  describe('Open311 GeoReport v2 through the gateway', () => {
    it('files with intake and reads with projections, answering errors the Open311 way', async () => {
      const open311 = (path: string, init?: RequestInit) => fetch(`${cluster.url}/open311/v2/${path}`, init);
      const form = (fields: Record<string, string>) => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      const services = (await (await open311('services.json')).json()) as Array<{ service_code: string }>;
      expect(services.map((s) => s.service_code)).toContain('housing_utilities');
      const filing = {
        api_key: OPEN311_KEY,
        service_code: 'housing_utilities',
        address_string: 'Abay Ave 10, flat 5',
        description: 'No hot water in the building since Monday.',
      };
      const filed = await open311('requests.json', form(filing));
      expect(filed.status).toBe(201);
      const [{ service_request_id: requestId, token }] = (await filed.json()) as [
        { service_request_id: string; token: string },
      ];
      // the request is readable once projections has it (a moment after filing)
      let read = await open311(`requests/${requestId}.json`);
      for (const deadline = Date.now() + 20_000; read.status === 404 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 100));
        read = await open311(`requests/${requestId}.json`);
      }
      const shown = (await read.json()) as unknown;
      expect(shown).toEqual([expect.objectContaining({ service_request_id: requestId, status: 'open' })]);
      expect(JSON.stringify(shown)).not.toContain('Abay');
      expect(await (await open311(`tokens/${token}.json`)).json()).toEqual([
        { service_request_id: requestId, token },
      ]);
      const refused = await open311('requests.json', form({ ...filing, api_key: 'wrong' }));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual([{ code: 403, description: 'api_key: unknown key' }]);
    }, 60_000);
  });

  describe('when the routing process is killed in the middle of a burst', () => {
    it('routes every appeal exactly once after a restart, and the read views converge', async () => {
      const count = 50;
      const filed: Array<{ id: string; trackingCode: string }> = [];
      const submit = async (n: number) => {
        const r = await t.call('POST', '/api/v1/appeals', {
          body: housingAppeal({
            subject: `Отопление ${n}`,
            applicant: { type: 'individual', fullName: `Житель ${n}` },
          }),
        });
        expect(r.status).toBe(201);
        filed.push({ id: r.body.id, trackingCode: r.body.trackingCode });
      };
      for (let n = 0; n < count / 2; n++) await submit(n);
      // mid-burst: no graceful stop, no commit of what it was handling
      await cluster.kill('routing', 1, 'SIGKILL');
      for (let n = count / 2; n < count; n++) await submit(n);
      await cluster.restart('routing', 1);

      const pool = new Pool({ connectionString: postgres, max: 1 });
      try {
        const routedPerStream = async () =>
          (
            await pool.query<{ stream_id: string; n: number }>(
              `SELECT stream_id, count(*)::int AS n FROM ${namespace.schema}.events
               WHERE type = 'AppealRouted' AND stream_id = ANY($1) GROUP BY stream_id`,
              [filed.map((f) => `appeal-${f.id}`)],
            )
          ).rows;
        const deadline = Date.now() + 60_000;
        while ((await routedPerStream()).length < count && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
        }
        await new Promise((r) => setTimeout(r, 1_000)); // a second AppealRouted would show up here
        const rows = await routedPerStream();
        expect(rows).toHaveLength(count);
        expect(rows.filter((row) => row.n !== 1)).toEqual([]);
      } finally {
        await pool.end();
      }

      const views = await Promise.all(
        filed.map((f) =>
          readAppeal(t.call, f.id, { waitFor: 'routed' }, { trackingCode: f.trackingCode }, 30_000),
        ),
      );
      expect(views.map((v) => v.body.status)).toEqual(filed.map(() => 'routed'));
    }, 120_000);
  });
});
