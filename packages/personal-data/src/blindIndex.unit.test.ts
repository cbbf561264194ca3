import { createInMemoryKeyStore } from './inMemoryKeyStore';
import { generateMasterKey, masterKeysFrom } from './masterKeys';
import { createPersonalDataVault, MATCHING_SUBJECT_ID } from './vault';

// Blind indexes: keyed hashes that let intake find the same IIN (or a similar text) without an index holding it in clear.
describe('blind indexes', () => {
  const IIN = '900101400122';

  it('gives equal values equal hashes in every vault sharing the key store and master key', async () => {
    const keys = createInMemoryKeyStore();
    const masterKeys = masterKeysFrom({ key: generateMasterKey() });
    const [one, other] = [
      createPersonalDataVault({ keys, masterKeys }),
      createPersonalDataVault({ keys, masterKeys }),
    ];
    const [a] = await one.blindIndex('identity', [IIN]);
    expect(await other.blindIndex('identity', [IIN])).toEqual([a]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain(IIN);
  });

  it('keys each purpose apart, and another key store (another deployment) hashes differently', async () => {
    const vault = createPersonalDataVault({
      keys: createInMemoryKeyStore(),
      masterKeys: masterKeysFrom({ key: generateMasterKey() }),
    });
    const [identity] = await vault.blindIndex('identity', [IIN]);
    const [text] = await vault.blindIndex('text', [IIN]);
    expect(identity).not.toBe(text);
    const elsewhere = createPersonalDataVault({
      keys: createInMemoryKeyStore(),
      masterKeys: masterKeysFrom({ key: generateMasterKey() }),
    });
    expect(await elsewhere.blindIndex('identity', [IIN])).not.toEqual([identity]);
  });

  it('keeps its hashes across a master key rotation (the matching key is re-wrapped, not replaced)', async () => {
    const keys = createInMemoryKeyStore();
    const [k0, k1] = [generateMasterKey(), generateMasterKey()];
    const before = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: k0, id: 'k0' }) });
    const [hash] = await before.blindIndex('identity', [IIN]);
    const after = createPersonalDataVault({
      keys,
      masterKeys: masterKeysFrom({ key: k1, id: 'k1', previous: `k0:${k0}` }),
    });
    expect(await after.rotate()).toBeGreaterThanOrEqual(1);
    expect(await after.blindIndex('identity', [IIN])).toEqual([hash]);
  });

  it('refuses to erase the matching key as if it were an applicant', async () => {
    const vault = createPersonalDataVault({
      keys: createInMemoryKeyStore(),
      masterKeys: masterKeysFrom({ key: generateMasterKey() }),
    });
    const [hash] = await vault.blindIndex('identity', [IIN]);
    expect(await vault.erase(MATCHING_SUBJECT_ID, new Date())).toBe('unknown');
    expect(await vault.blindIndex('identity', [IIN])).toEqual([hash]);
  });
});
