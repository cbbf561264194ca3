import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toDomainEvent } from '@appeals/appeal-application';
import {
  createChainSealer,
  createCheckpointSigner,
  generateSigningKey,
  readPublicKey,
  verifyLog,
} from '@appeals/chain';
import type { NewEvent } from '@appeals/eventstore';
import { createSqliteEventStore } from '@appeals/eventstore-sqlite';

// The v1 fixture log (packages/contracts/fixtures/v1-log.jsonl) in an embedded store: read in current shapes through
// the upcasters, its hash chain still verifies, because upcasting happens on read and never rewrites what is stored.

const FIXTURE = join(__dirname, '..', '..', '..', 'packages', 'contracts', 'fixtures', 'v1-log.jsonl');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('verifies the chain of a log written with v1 shapes after it was read in current shapes', async () => {
  dir = mkdtempSync(join(tmpdir(), 'versioned-log-'));
  const store = createSqliteEventStore({ filename: join(dir, 'appeals.db') });
  const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
  for (const line of lines) {
    const { streamId, ...event } = JSON.parse(line) as NewEvent & { streamId: string };
    await store.append(streamId, [event], { expectedVersion: 'any' });
  }
  const { privateKeyPem, publicKeyPem } = generateSigningKey();
  await createChainSealer({
    store,
    chain: store.chain,
    signer: createCheckpointSigner(privateKeyPem),
  }).sealNow({
    checkpoint: true,
  });

  const all = await store.readAll();
  const complaint = all.find((e) => e.type === 'ComplaintFiled')!;
  expect(toDomainEvent(complaint).data).toMatchObject({ kind: 'complaint' });
  expect(all.map(toDomainEvent)).toHaveLength(lines.length);

  const report = await verifyLog({ store, chain: store.chain, publicKeys: [readPublicKey(publicKeyPem)] });
  expect(report).toMatchObject({ ok: true, events: lines.length, sealed: lines.length, unsealed: 0 });
  // the stored row is still the v1 text
  const row = store.db.prepare('SELECT data FROM events WHERE event_id = ?').get(complaint.id) as {
    data: string;
  };
  expect(JSON.parse(row.data)).not.toHaveProperty('kind');
  await store.close();
});
