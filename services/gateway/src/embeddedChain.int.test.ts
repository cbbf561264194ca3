import { runVerifyLog } from '@appeals/audit/verify-log';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createEmbeddedSystem } from './embedded';

// The tamper-evident history wired into the embedded system: a signing key next to the data, the audit service
// sealing the log, the verify route, and `verify-log` on the same folder after the system stopped.

const dataDir = mkdtempSync(join(tmpdir(), 'appeals-chain-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('seals what the system appends, answers verify, and verify-log finds an edited row in the file', async () => {
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

  const out: string[] = [];
  const io = { out: (line: string) => out.push(line), err: () => undefined, env: { DATA_DIR: dataDir } };
  expect(await runVerifyLog([], io)).toBe(0);
  // the appeal's three events (no contact given: no notice, no record of one)
  expect(out.join('\n')).toMatch(/^OK: 3 events checked, 3 sealed/);

  // an edit straight in the file (the store's handle is only a way to reach it)
  const raw = createSqliteEventStore({ filename: join(dataDir, 'appeals.db') });
  raw.db.prepare("UPDATE events SET type = 'AppealWithdrawn' WHERE stream_position = 1").run();
  await raw.close();
  out.length = 0;
  expect(await runVerifyLog([], io)).toBe(1);
  expect(out.join('\n')).toMatch(/first bad event: global position 2, .*content does not match its hash/);
});
