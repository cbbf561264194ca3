import { kafkaUnderTest } from '@appeals/testkit/kafka';
import { anyone, guardedRouter } from '@appeals/http';
import { serverUnderTest } from '@appeals/testkit/server';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pino from 'pino';
import { loadServiceEnv } from './env';
import { dropNamespace } from './namespace';
import { serversFor, type PortName, type ServiceDefinition, type ServiceDeps } from './ports';
import { startService } from './runService';

// One service process's life in-process, on the real PostgreSQL, Kafka and MongoDB: it connects, serves, starts,
// reports ready; it says which server is unreachable; and its stop stops the work before closing the connections.

const kafkaServer = kafkaUnderTest();
const servers = [serverUnderTest('POSTGRES_URL'), kafkaServer, serverUnderTest('MONGODB_URL')];
/** the admin's KAFKA_SASL_* as the process reads them */
const kafkaSaslEnv: Record<string, string> = kafkaServer.sasl
  ? {
      KAFKA_SASL_MECHANISM: kafkaServer.sasl.mechanism,
      KAFKA_SASL_USERNAME: kafkaServer.sasl.username,
      KAFKA_SASL_PASSWORD: kafkaServer.sasl.password,
    }
  : {};
const [postgres, kafka, mongodb] = servers.map((s) => s.url) as [string, string, string];
const describeServers = servers.every((s) => s.url) ? describe : describe.skip;

const id = randomBytes(4).toString('hex');
const EVERY_PORT = ['store', 'chain', 'bus', 'views', 'vault', 'commands', 'idempotency'] as const;
const mongoUrl = () => {
  const url = new URL(mongodb);
  url.pathname = `/host_test_${id}`;
  return url.toString();
};
/** a port nothing listens on */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describeServers('a hosted service on the real servers', () => {
  const env = (over: Record<string, string | undefined> = {}, ports: readonly PortName[] = EVERY_PORT) =>
    loadServiceEnv(
      {
        POSTGRES_URL: postgres,
        POSTGRES_SCHEMA: `host_test_${id}`,
        KAFKA_BROKERS: kafka,
        KAFKA_NAMESPACE: `host-test-${id}`,
        ...kafkaSaslEnv,
        MONGODB_URL: mongoUrl(),
        AUTH_MODE: 'dev',
        DEV_AUTH_SECRET: randomBytes(32).toString('base64'),
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
        ...over,
      },
      serversFor(ports),
    );
  const logger = pino({ level: 'silent' });
  const events: string[] = [];
  let received: Partial<ServiceDeps<PortName>> | undefined;
  const definition = <P extends PortName>(ports: readonly P[]): ServiceDefinition<P> => ({
    name: 'probe-test',
    ports,
    build: (deps) => build(deps),
  });
  const build = (deps: Partial<ServiceDeps<PortName>>) => {
    received = deps;
    const routes = guardedRouter({ 'GET /api/v1/ping': anyone() });
    routes.get('/ping', (_req, res) => res.json({ pong: true }));
    return {
      name: 'probe-test',
      router: routes.router,
      start: async () => void events.push('start'),
      stop: async () => void events.push('stop'),
    };
  };

  afterAll(async () => {
    await dropNamespace({
      postgresUrl: postgres,
      schema: `host_test_${id}`,
      kafkaBrokers: kafka,
      kafkaSasl: kafkaServer.sasl,
      kafkaNamespace: `host-test-${id}`,
      mongodbUrl: mongoUrl(),
    });
  });

  it('connects, starts, is ready, serves its routes, and stops its work before closing', async () => {
    const running = await startService(definition(EVERY_PORT), env(), { logger });
    try {
      expect(events).toEqual(['start']);
      expect(received).toMatchObject({ profileId: 'kz-appk', sweepEverySeconds: 60 });
      const ready = await fetch(`${running.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        checks: { postgres: { status: 'up' }, kafka: { status: 'up' }, mongodb: { status: 'up' } },
      });
      expect(await (await fetch(`${running.url}/api/v1/ping`)).json()).toEqual({ pong: true });
      // the idempotency table lives next to the events
      await received!.idempotency!.put('k', { status: 201, body: { id: 1 }, requestHash: 'h' });
      expect(await received!.idempotency!.get('k')).toMatchObject({ status: 201, body: { id: 1 } });
    } finally {
      await running.stop();
    }
    expect(events).toEqual(['start', 'stop']);
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
  });

  it('stays alive but is not ready while Kafka is unreachable, naming it', async () => {
    const running = await startService(
      definition(EVERY_PORT),
      env({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}` }),
      { logger },
    );
    try {
      expect((await fetch(`${running.url}/health`)).status).toBe(200);
      const ready = await fetch(`${running.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        detail: 'probe-test cannot reach kafka.',
        checks: { postgres: { status: 'up' }, kafka: { status: 'down' }, mongodb: { status: 'up' } },
      });
    } finally {
      await running.stop();
    }
  });

  it('connects only the servers behind the declared ports, and is ready without the others (intake)', async () => {
    const ports = ['store', 'commands', 'idempotency'] as const;
    // no Kafka or MongoDB variable at all: a service that declares neither needs neither
    const running = await startService(
      definition(ports),
      env({ KAFKA_BROKERS: undefined, MONGODB_URL: undefined }, ports),
      { logger },
    );
    try {
      expect(
        Object.keys(received!)
          .filter((key) => (EVERY_PORT as readonly string[]).includes(key))
          .sort(),
      ).toEqual(['commands', 'idempotency', 'store']);
      const ready = await fetch(`${running.url}/ready`);
      expect(ready.status).toBe(200);
      expect(Object.keys(((await ready.json()) as { checks: object }).checks)).toEqual(['postgres']);
    } finally {
      await running.stop();
    }
  });

  it("counts a client's requests to two replicas together (the rate limit in PostgreSQL), answering 429 past it", async () => {
    const ports = ['store', 'commands', 'idempotency'] as const;
    const limited = env(
      { KAFKA_BROKERS: undefined, MONGODB_URL: undefined, RATE_LIMIT_PER_WINDOW: '3' },
      ports,
    );
    // a name of its own: the other specs' requests from this address count under 'probe-test:'
    const service = { ...definition(ports), name: `rate-limit-test-${id}` };
    const replicas = [
      await startService(service, limited, { logger }),
      await startService(service, limited, { logger }),
    ];
    try {
      const statuses: number[] = [];
      for (const url of [0, 1, 0, 1].map((i) => replicas[i]!.url))
        statuses.push((await fetch(`${url}/api/v1/ping`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      for (const running of replicas) await running.stop();
    }
  });

  it('fails to start, closing what it opened, when PostgreSQL is unreachable', async () => {
    const port = await closedPort();
    await expect(
      startService(definition(EVERY_PORT), env({ POSTGRES_URL: `postgres://x:y@127.0.0.1:${port}/db` }), {
        logger,
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
