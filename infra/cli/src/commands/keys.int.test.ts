import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPostgresKeyStore } from '@appeals/keystore-postgres';
import { createSqliteKeyStore } from '@appeals/keystore-sqlite';
import {
  createPersonalDataVault,
  generateMasterKey,
  keyringConfig,
  masterKeysFrom,
  readKeyringFile,
  writeKeyringFile,
  type KeyStore,
  type MasterKeys,
} from '@appeals/personal-data';
import type { Sealed } from '@appeals/contracts';
import { serverUnderTest } from '@appeals/testkit/server';
import { runCli } from '../cli';

/** Runs `appeals keys …` (what `pnpm keys` runs), collecting what it prints. */
async function keys(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['keys', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `n` applicants' data sealed under `masterKeys`, with the values to find again. */
async function sealSome(store: KeyStore, masterKeys: MasterKeys, n: number) {
  const vault = createPersonalDataVault({ keys: store, masterKeys });
  const sealed: Array<{ value: string; box: Sealed }> = [];
  for (let i = 0; i < n; i++) {
    const subject = await vault.newSubject();
    const value = `Асель Нурланова ${i}`;
    sealed.push({ value, box: await vault.seal(subject, 'applicant', { fullName: value }) });
  }
  return sealed;
}

const opensAll = async (
  store: KeyStore,
  masterKeys: MasterKeys,
  sealed: Array<{ value: string; box: Sealed }>,
) => {
  const vault = createPersonalDataVault({ keys: store, masterKeys });
  for (const { value, box } of sealed)
    expect(await vault.open(box, 'applicant')).toEqual({ status: 'present', value: { fullName: value } });
};

describe('appeals keys rotate on the embedded data folder', () => {
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    writeKeyringFile(join(dir, 'pii-master.key'), [{ id: 'k1', key: generateMasterKey() }]);
    return dir;
  };
  const keyringOf = (dir: string) => readKeyringFile(join(dir, 'pii-master.key'))!;

  it('adds a new master key, re-wraps every data key under it with progress, and drops the old one', async () => {
    const dir = folder();
    const store = createSqliteKeyStore({ filename: join(dir, 'keys.db') });
    const before = keyringOf(dir);
    const sealed = await sealSome(store, masterKeysFrom(keyringConfig(before)), 5);
    await store.close();

    const run = await keys(['rotate', '--data-dir', dir, '--batch-size', '2', '--json']);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/5 data key\(s\) to re-wrap under master key k2/);
    expect(run.err).toMatch(/keys: 5 of ~5 data keys re-wrapped \(100\.0 %\)/);
    expect(JSON.parse(run.out)).toMatchObject({ currentKey: 'k2', rewrapped: 5, droppedKeys: ['k1'] });
    const after = keyringOf(dir);
    expect(after.map((e) => e.id)).toEqual(['k2']);
    expect(after[0]!.key).not.toBe(before[0]!.key);

    const reopened = createSqliteKeyStore({ filename: join(dir, 'keys.db') });
    await opensAll(reopened, masterKeysFrom(keyringConfig(after)), sealed); // without the old key
    await reopened.close();
    expect(JSON.parse((await keys(['status', '--data-dir', dir, '--json'])).out)).toMatchObject({
      currentKey: 'k2',
      leftToRewrap: 0,
    });
  });

  it('goes on with the rotation an interrupted run began, under the key it added, rather than starting another', async () => {
    const dir = folder();
    const store = createSqliteKeyStore({ filename: join(dir, 'keys.db') });
    const sealed = await sealSome(store, masterKeysFrom(keyringConfig(keyringOf(dir))), 6);
    // the first run wrote the keyring with k2 first, re-wrapped one batch and was killed
    const k2 = { id: 'k2', key: generateMasterKey() };
    writeKeyringFile(join(dir, 'pii-master.key'), [k2, ...keyringOf(dir)]);
    const during = createPersonalDataVault({
      keys: store,
      masterKeys: masterKeysFrom(keyringConfig(keyringOf(dir))),
    });
    await expect(
      during.rotate({
        batchSize: 2,
        onProgress: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await during.rotationLeft()).toBe(4);
    await store.close();

    const run = await keys(['rotate', '--data-dir', dir, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ currentKey: 'k2', rewrapped: 4, droppedKeys: ['k1'] });
    expect(keyringOf(dir)).toEqual([k2]);
    const reopened = createSqliteKeyStore({ filename: join(dir, 'keys.db') });
    await opensAll(reopened, masterKeysFrom({ key: k2.key, id: 'k2' }), sealed);
    await reopened.close();
  });

  it('refuses a folder with no embedded data, saying so, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-empty-'));
    const run = await keys(['rotate', '--data-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/holds no embedded data/);
    expect(() => readFileSync(join(dir, 'pii-master.key'))).toThrow();
  });
});

const postgres = serverUnderTest('POSTGRES_URL');

postgres.describe('appeals keys rotate on the cluster (PostgreSQL)', () => {
  it('re-wraps under PII_MASTER_KEY what PII_PREVIOUS_MASTER_KEYS wrapped; the old key is then not needed', async () => {
    const schema = `keys_${randomBytes(4).toString('hex')}`;
    const store = await createPostgresKeyStore({ connectionString: postgres.url, schema });
    const [k1, k2] = [generateMasterKey(), generateMasterKey()];
    try {
      const sealed = await sealSome(store, masterKeysFrom({ key: k1, id: 'k1' }), 3);
      const env = {
        POSTGRES_URL: postgres.url,
        POSTGRES_SCHEMA: schema,
        PII_MASTER_KEY: k2,
        PII_MASTER_KEY_ID: 'k2',
        PII_PREVIOUS_MASTER_KEYS: `k1:${k1}`,
      };
      const run = await keys(['rotate', '--json'], env);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ currentKey: 'k2', rewrapped: 3, droppedKeys: [] });
      await opensAll(store, masterKeysFrom({ key: k2, id: 'k2' }), sealed);
    } finally {
      await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await store.close();
    }
  });
});
