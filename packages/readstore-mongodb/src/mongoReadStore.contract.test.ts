import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { readStoreContract } from '@appeals/readstore/contract';
import { createMongoReadStore } from './mongoReadStore';
import { serverUnderTest } from '@appeals/testkit/server';

const server = serverUnderTest('MONGODB_URL');

server.describe('MongoDB read store (FerretDB or MongoDB at MONGODB_URL)', () => {
  // One database for this file; each contract test empties it again in its teardown.
  const dbName = `readstore_contract_${randomUUID().slice(0, 8)}`;
  let client: MongoClient;

  beforeAll(async () => {
    client = new MongoClient(server.url);
    await client.connect();
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  readStoreContract('mongodb (shared client)', async () => ({
    store: createMongoReadStore({ client, dbName }),
    teardown: async () => {
      await client.db(dbName).dropDatabase();
    },
  }));

  readStoreContract('mongodb (own client from the URL)', async () => ({
    store: createMongoReadStore({ url: server.url, dbName }),
    teardown: async () => {
      await client.db(dbName).dropDatabase();
    },
  }));
});
