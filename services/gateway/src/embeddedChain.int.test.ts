import { readPublicKey, verifyLog } from '@appeals/chain';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createEmbeddedSystem } from './embedded';

// The tamper-evident history wired into the embedded system: a signing key next to the data, the audit service
// sealing the log, the verify route, and the whole log's verification (what `appeals verify` runs, infra/cli) on
// the same folder after the system stopped, with the public key the system left beside the data.

const dataDir = mkdtempSync(join(tmpdir(), 'appeals-chain-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('seals what the system appends, answers verify, and the log verification finds an edited row in the file', async () => {
  const system = createEmbeddedSystem({ dataDir, logger: { error: () => undefined, warn: () => undefined } });
  await system.start();
  let appealId: string;
  try {
    const created = await request(system.app)
      .post('/api/v1/appeals')
      .send({
        kind: 'application',
        categoryId: 'healthcare',
        regionKato: '710000000',
        language: 'ru',
        subject: 'Очередь в поликлинике',
        text: 'Запись к терапевту в поликлинике №4 только через три недели.',
        applicant: { type: 'individual', fullName: 'Гульнара Ибраева' },
      });
    expect(created.status).toBe(201);
    appealId = created.body.id as string;
    await system.settled();
    const { token } = (await request(system.app).post('/api/v1/auth/dev-token').send({ role: 'auditor' }))
      .body as {
      token: string;
    };
    const auth = { authorization: `Bearer ${token}` };
    let verify = await request(system.app).get(`/api/v1/audit/appeals/${appealId}/verify`).set(auth);
    for (let i = 0; i < 100 && verify.body.sealed < verify.body.events; i++) {
      await new Promise((r) => setTimeout(r, 20));
      verify = await request(system.app).get(`/api/v1/audit/appeals/${appealId}/verify`).set(auth);
    }
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ appealId, ok: true, events: 3 }); // submitted, registered, routed
    expect(verify.body.sealed).toBe(3);
    const chain = await request(system.app).get('/api/v1/audit/chain').set(auth);
    expect(chain.body.lastCheckpoint).toMatchObject({ keyId: chain.body.signingKey.keyId });
  } finally {
    await system.stop();
  }
  expect(statSync(join(dataDir, 'chain-signing.key')).mode & 0o777).toBe(0o600);

  /** The whole log of the folder verified with the key beside it, as `appeals verify --data-dir` does. */
  const verifyFolder = async () => {
    const store = createSqliteEventStore({ filename: join(dataDir, 'appeals.db'), readonly: true });
    try {
      const publicKeys = [readPublicKey(readFileSync(join(dataDir, 'chain-signing.pub'), 'utf8'))];
      return await verifyLog({ store, chain: store.chain, publicKeys });
    } finally {
      await store.close();
    }
  };
  // the appeal's three events (no contact given: no notice, no record of one)
  expect(await verifyFolder()).toMatchObject({ ok: true, events: 3, sealed: 3, checkpoints: 1 });

  // an edit straight in the file (the store's handle is only a way to reach it)
  const raw = createSqliteEventStore({ filename: join(dataDir, 'appeals.db') });
  raw.db.prepare("UPDATE events SET type = 'AppealWithdrawn' WHERE stream_position = 1").run();
  await raw.close();
  const report = await verifyFolder();
  expect(report.ok).toBe(false);
  expect(report.firstBad).toMatchObject({ position: 2 });
  expect(report.firstBad?.reason).toMatch(/content does not match its hash/);
});
