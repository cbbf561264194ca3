import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createAppealCommands, createJurisdictions } from '@appeals/appeal-application';
import { createPostgresEventStore } from '@appeals/eventstore-postgres';
import { createPostgresKeyStore } from '@appeals/keystore-postgres';
import { createPersonalDataVault, generateMasterKey, masterKeysFrom } from '@appeals/personal-data';
import { viewNamesOf } from '@appeals/projections';
import { connectViews } from '@appeals/service-host';
import { HOUSING_APPEAL, routeAppealCommand, sealedAppealCommand } from '@appeals/testkit';
import { serverUnderTest } from '@appeals/testkit/server';
import { EXIT } from './outcome';
import { appeals } from './testFolder';

// The cluster's configuration, as the services read it (POSTGRES_URL + POSTGRES_SCHEMA, MONGODB_URL, PII_MASTER_KEY):
// appeals filed into a PostgreSQL schema of their own through the application's commands, then `appeals rebuild`
// into a MongoDB (FerretDB) database of its own and `appeals history`, each as a child process.

jest.setTimeout(300_000); // a rebuild on FerretDB creates and drops collections and indexes: slow on a busy machine

const postgres = serverUnderTest('POSTGRES_URL');
const mongo = serverUnderTest('MONGODB_URL');

postgres.describe('appeals on the cluster (PostgreSQL, MongoDB)', () => {
  mongo.describe('with the read views in MongoDB', () => {
    const schema = `cli_${randomBytes(5).toString('hex')}`;
    const dbName = `cli_${randomBytes(5).toString('hex')}`;
    const mongodbUrl = Object.assign(new URL(mongo.url), { pathname: `/${dbName}` }).toString();
    const masterKey = generateMasterKey();
    const env = {
      POSTGRES_URL: postgres.url,
      POSTGRES_SCHEMA: schema,
      MONGODB_URL: mongodbUrl,
      PII_MASTER_KEY: masterKey,
      PII_MASTER_KEY_ID: 'k1',
    };
    const ids: string[] = [];

    beforeAll(async () => {
      const store = await createPostgresEventStore({ connectionString: postgres.url, schema });
      const keys = await createPostgresKeyStore({ pool: store.pool, schema });
      const vault = createPersonalDataVault({
        keys,
        masterKeys: masterKeysFrom({ key: masterKey, id: 'k1' }),
      });
      const commands = createAppealCommands(store, createJurisdictions().rulesFor, vault);
      try {
        for (let i = 0; i < 3; i++) {
          const now = new Date();
          const submit = await sealedAppealCommand(vault, {
            now,
            applicant: { ...HOUSING_APPEAL.applicant, fullName: `Ерлан Кабдолов ${i}` },
          });
          ids.push(submit.data.appealId);
          await commands.execute(submit.data.appealId, submit, { service: 'intake' });
          await commands.execute(submit.data.appealId, routeAppealCommand({ now }), { service: 'routing' });
        }
      } finally {
        await keys.close();
        await store.close();
      }
    });

    afterAll(async () => {
      const store = await createPostgresEventStore({
        connectionString: postgres.url,
        schema,
        migrate: false,
      });
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
      const client = new MongoClient(mongodbUrl);
      await client.connect();
      await client.db(dbName).dropDatabase();
      await client.close();
    });

    it('rebuild: from the PostgreSQL log into the next generation in MongoDB', async () => {
      const ran = await appeals(['rebuild', '--json'], env);
      expect(ran.code).toBe(EXIT.ok);
      expect(JSON.parse(ran.out)).toMatchObject({ state: 'done', generation: 2, eventsProcessed: 9 });
      expect(ran.err).toMatch(new RegExp(`rebuild: PostgreSQL schema ${schema} → MongoDB`));
      const views = await connectViews({ MONGODB_URL: mongodbUrl }, 'cli-test');
      try {
        for (const id of ids)
          expect(await views.value.get(viewNamesOf(2).detail, id)).toMatchObject({
            appealId: id,
            status: 'routed',
          });
      } finally {
        await views.close();
      }
    });

    it('history: sealed by default, opened with the cluster keyring from the environment', async () => {
      const sealed = await appeals(['history', ids[2]!, '--json'], env);
      expect(sealed.code).toBe(EXIT.ok);
      expect(sealed.out).not.toContain('Ерлан');
      const opened = await appeals(['history', ids[2]!, '--open-personal-data', '--json'], env);
      expect(opened.code).toBe(EXIT.ok);
      expect(JSON.parse(opened.out).events[0].decoded.applicant.personal).toEqual({
        fullName: 'Ерлан Кабдолов 2',
      });
    });

    it('history without the master key in the environment: exit 2 naming the variable', async () => {
      const { PII_MASTER_KEY: _key, ...withoutKey } = env;
      const ran = await appeals(['history', ids[0]!, '--open-personal-data'], withoutKey);
      expect(ran.code).toBe(EXIT.usage);
      expect(ran.err).toMatch(/PII_MASTER_KEY is not set/);
    });
  });
});
