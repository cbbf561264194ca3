/// <reference types="jest" />
// The KeyStore port's contract suite (ADR 0002): every adapter runs it, the in-memory one included.
import { randomBytes, randomUUID } from 'node:crypto';
import { masterKeysFrom, generateMasterKey } from './masterKeys';
import type { KeyStore, NewKeyRecord } from './port';
import { createPersonalDataVault, SubjectErasedError } from './vault';

const CREATED = '2026-03-02T05:00:00.000Z';
const record = (over: Partial<NewKeyRecord> = {}): NewKeyRecord => ({
  subjectId: randomUUID(),
  masterKeyId: 'k1',
  wrappedKey: new Uint8Array(randomBytes(60)),
  createdAt: CREATED,
  ...over,
});

/** Runs the contract against a fresh store from `makeStore` per test (closed after it). */
export function keyStoreContract(name: string, makeStore: () => Promise<KeyStore>): void {
  describe(`KeyStore contract: ${name}`, () => {
    let keys: KeyStore;
    beforeEach(async () => {
      keys = await makeStore();
    });
    afterEach(async () => {
      await keys.close();
    });

    describe('creating keys', () => {
      it('stores a wrapped key and gives it back byte for byte', async () => {
        const r = record({ accountId: `acct-${randomUUID()}` });
        expect(await keys.create(r)).toMatchObject({ subjectId: r.subjectId, masterKeyId: 'k1' });
        const stored = await keys.get(r.subjectId);
        expect(stored).toMatchObject({ subjectId: r.subjectId, accountId: r.accountId, masterKeyId: 'k1' });
        expect(Buffer.from(stored!.wrappedKey!).equals(Buffer.from(r.wrappedKey))).toBe(true);
        expect(Date.parse(stored!.createdAt)).toBe(Date.parse(CREATED));
        expect(stored!.erasedAt).toBeUndefined();
      });

      it('never replaces the key of an existing subject', async () => {
        const first = record();
        await keys.create(first);
        const again = await keys.create({ ...first, wrappedKey: new Uint8Array(randomBytes(60)) });
        expect(Buffer.from(again.wrappedKey!).equals(Buffer.from(first.wrappedKey))).toBe(true);
        expect(
          Buffer.from((await keys.get(first.subjectId))!.wrappedKey!).equals(Buffer.from(first.wrappedKey)),
        ).toBe(true);
      });

      it('gives one account one live subject, even when two first uses race', async () => {
        const accountId = `acct-${randomUUID()}`;
        const [a, b] = await Promise.all([
          keys.create(record({ accountId })),
          keys.create(record({ accountId })),
        ]);
        expect(a.subjectId).toBe(b.subjectId);
        expect((await keys.findByAccount(accountId))?.subjectId).toBe(a.subjectId);
      });

      it('knows nothing of a subject or an account never created', async () => {
        expect(await keys.get(randomUUID())).toBeUndefined();
        expect(await keys.findByAccount(`acct-${randomUUID()}`)).toBeUndefined();
      });
    });

    describe('erasing', () => {
      it('deletes the wrapped key and the account link, keeps a tombstone, and is idempotent', async () => {
        const accountId = `acct-${randomUUID()}`;
        const r = await keys.create(record({ accountId }));
        expect(await keys.erase(r.subjectId, '2026-03-03T05:00:00.000Z')).toBe('erased');
        const tomb = await keys.get(r.subjectId);
        expect(tomb).toBeDefined();
        expect(tomb!.wrappedKey).toBeUndefined();
        expect(tomb!.masterKeyId).toBeUndefined();
        expect(tomb!.accountId).toBeUndefined();
        expect(Date.parse(tomb!.erasedAt!)).toBe(Date.parse('2026-03-03T05:00:00.000Z'));
        expect(await keys.erase(r.subjectId, '2026-03-04T05:00:00.000Z')).toBe('already_erased');
        expect(Date.parse((await keys.get(r.subjectId))!.erasedAt!)).toBe(
          Date.parse('2026-03-03T05:00:00.000Z'),
        );
        expect(await keys.findByAccount(accountId)).toBeUndefined();
      });

      it('lets the account start afresh under a new subject after an erasure', async () => {
        const accountId = `acct-${randomUUID()}`;
        const old = await keys.create(record({ accountId }));
        await keys.erase(old.subjectId, CREATED);
        const fresh = await keys.create(record({ accountId }));
        expect(fresh.subjectId).not.toBe(old.subjectId);
        expect((await keys.findByAccount(accountId))?.subjectId).toBe(fresh.subjectId);
      });

      it('says when the subject is unknown', async () => {
        expect(await keys.erase(randomUUID(), CREATED)).toBe('unknown');
      });
    });

    describe('master key rotation', () => {
      it('lists live keys under other master keys and re-wraps them only from the key they had', async () => {
        const old = await keys.create(record({ masterKeyId: 'old-1' }));
        const erased = await keys.create(record({ masterKeyId: 'old-1' }));
        await keys.erase(erased.subjectId, CREATED);
        const listed = (await keys.wrappedByOtherThan('new-1', 1000)).map((r) => r.subjectId);
        const left = await keys.countWrappedByOtherThan('new-1');
        expect(left).toBe(listed.length);
        expect(listed).toContain(old.subjectId);
        expect(listed).not.toContain(erased.subjectId);
        const wrappedKey = new Uint8Array(randomBytes(60));
        expect(await keys.rewrap(old.subjectId, 'some-other', { masterKeyId: 'new-1', wrappedKey })).toBe(
          false,
        );
        expect(await keys.rewrap(old.subjectId, 'old-1', { masterKeyId: 'new-1', wrappedKey })).toBe(true);
        expect(await keys.rewrap(old.subjectId, 'old-1', { masterKeyId: 'new-1', wrappedKey })).toBe(false);
        const now = await keys.get(old.subjectId);
        expect(now?.masterKeyId).toBe('new-1');
        expect(await keys.countWrappedByOtherThan('new-1')).toBe(left - 1);
        expect(Buffer.from(now!.wrappedKey!).equals(Buffer.from(wrappedKey))).toBe(true);
        expect((await keys.wrappedByOtherThan('new-1', 1000)).map((r) => r.subjectId)).not.toContain(
          old.subjectId,
        );
        expect(await keys.rewrap(erased.subjectId, 'old-1', { masterKeyId: 'new-1', wrappedKey })).toBe(
          false,
        );
      });
    });

    describe('under the vault (envelope encryption end to end)', () => {
      const k1 = generateMasterKey();
      const k2 = generateMasterKey();

      it('seals and opens, and after erasure reports the data erased and seals no more', async () => {
        const vault = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: k1, id: 'k1' }) });
        const subject = await vault.subjectForAccount(`acct-${randomUUID()}`);
        const applicant = { fullName: 'Айгерим Садыкова', iin: '900101400122', phone: '+77011234567' };
        const sealed = await vault.seal(subject, 'applicant', applicant);
        expect(JSON.stringify(sealed)).not.toContain('900101400122');
        expect(await vault.open(sealed, 'applicant')).toEqual({ status: 'present', value: applicant });
        expect(await vault.status(subject)).toBe('live');
        expect(await vault.erase(subject, new Date(CREATED))).toBe('erased');
        expect(await vault.open(sealed, 'applicant')).toEqual({ status: 'erased' });
        await expect(vault.seal(subject, 'text', 'more')).rejects.toBeInstanceOf(SubjectErasedError);
        expect(await vault.status(subject)).toBe('erased');
      });

      it('rotates to a new master key: old data still opens, and the old master key is no longer needed', async () => {
        const before = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: k1, id: 'k1' }) });
        const subject = await before.newSubject();
        const sealed = await before.seal(subject, 'text', 'Улица Тимирязева, 42');
        const during = createPersonalDataVault({
          keys,
          masterKeys: masterKeysFrom({ key: k2, id: 'k2', previous: `k1:${k1}` }),
        });
        const left = await during.rotationLeft();
        const told: number[] = [];
        expect(await during.rotate({ batchSize: 2, onProgress: (n) => told.push(n) })).toBe(left);
        expect(told.at(-1)).toBe(left);
        expect(await during.rotationLeft()).toBe(0);
        expect((await keys.get(subject))?.masterKeyId).toBe('k2');
        const after = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: k2, id: 'k2' }) });
        expect(await after.open(sealed, 'text')).toEqual({
          status: 'present',
          value: 'Улица Тимирязева, 42',
        });
      });
    });
  });
}
