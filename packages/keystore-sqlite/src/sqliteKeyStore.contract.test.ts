import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyStoreContract } from '@appeals/personal-data/contract';
import { createSqliteKeyStore } from './sqliteKeyStore';

const dir = mkdtempSync(join(tmpdir(), 'keystore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
// an empty file per test (the rotation test re-wraps every key in the store)
keyStoreContract('sqlite', async () => createSqliteKeyStore({ filename: join(dir, `keys-${++files}.db`) }));
