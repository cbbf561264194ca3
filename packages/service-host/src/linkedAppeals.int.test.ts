import { startLinkedAppealsProcess } from '@appeals/appeal-application';
import { createCore } from '@appeals/core';
import type { EventData } from '@appeals/contracts';
import { demoCatalog } from '@appeals/reference-data';
import { actors, routeAppealCommand, sealedAppealCommand } from '@appeals/testkit';
import { serverUnderTest } from '@appeals/testkit/server';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import pino from 'pino';
import { connectPorts } from './connectPorts';
import { loadServiceEnv } from './env';
import type { Connected } from './infrastructure';
import { serversFor, type PortName } from './ports';

// The linked appeals process (ADR 0028) as the response process runs it in the cluster: on the PostgreSQL event
// store, its checkpoint behind the `checkpoints` port. A forwarded part recorded without its linked appeal (the
// request died in between) is filed once; the checkpoint is in PostgreSQL, and a restart files nothing more.

const postgres = serverUnderTest('POSTGRES_URL');
const PORTS: readonly PortName[] = ['store', 'checkpoints', 'commands'];

postgres.describe('the linked appeals process on PostgreSQL', () => {
  const schema = `linked_${randomBytes(4).toString('hex')}`;
  const opened: Array<Connected<unknown>> = [];
  afterAll(async () => {
    for (const dependency of opened.reverse()) await dependency.close();
    const pool = new Pool({ connectionString: postgres.url });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('files a part recorded without its linked appeal once, and a restart from its checkpoint files nothing more', async () => {
    const env = loadServiceEnv(
      {
        POSTGRES_URL: postgres.url,
        POSTGRES_SCHEMA: schema,
        AUTH_MODE: 'dev',
        DEV_AUTH_SECRET: randomBytes(32).toString('base64'),
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
      },
      serversFor(PORTS),
    );
    const { ports } = await connectPorts(PORTS, env, 'response', pino({ level: 'silent' }), opened);
    const { store, checkpoints, vault } = ports as Required<typeof ports>;
    const { commands } = createCore({
      catalog: demoCatalog(),
      api: { title: 'linked (test)', version: '0.0.0' },
      store,
      vault,
    });
    const submit = await sealedAppealCommand(vault, { now: new Date() });
    const appealId = submit.data.appealId;
    await commands.execute(appealId, submit, { service: 'intake' });
    await commands.execute(appealId, routeAppealCommand({ now: new Date() }), { service: 'routing' });
    const childAppealId = randomUUID();
    const forward = {
      toAgencyId: 'mon',
      scope: 'part' as const,
      partDescription: 'Школа №12 тоже без отопления',
      childAppealId,
      reason: 'Школы — компетенция министерства',
    };
    await commands.execute(
      appealId,
      { type: 'ForwardAppeal', now: new Date(), actor: actors.registrar, data: forward },
      { service: 'routing' },
    );
    expect(await store.readStream(`appeal-${childAppealId}`)).toEqual([]);

    const run = async () => {
      const linked = startLinkedAppealsProcess({ store, checkpoints, commands, service: 'response' });
      await linked.caughtUp();
      await linked.stop();
    };
    await run();
    const child = await store.readStream(`appeal-${childAppealId}`);
    expect(child.map((e) => e.type)).toEqual(['AppealSubmitted', 'AppealRegistered']);
    const { text } = child[0]!.data as EventData<'AppealSubmitted'>;
    expect(await vault.open(text, 'text')).toEqual({ status: 'present', value: forward.partDescription });
    const checkpoint = await checkpoints.load('linked-appeals');
    expect(checkpoint).toBeDefined();

    const logSize = (await store.readAll()).length;
    await run(); // a restart: from the checkpoint kept in PostgreSQL
    expect((await store.readAll()).length).toBe(logSize);
    expect(await store.readStream(`appeal-${childAppealId}`)).toHaveLength(2);
  }, 30_000);
});
