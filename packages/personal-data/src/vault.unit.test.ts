import { randomUUID } from 'node:crypto';
import { TamperedCiphertextError } from './aesGcm';
import { createInMemoryKeyStore } from './inMemoryKeyStore';
import { generateMasterKey, MasterKeyConfigError, masterKeysFrom } from './masterKeys';
import { createPersonalDataVault, UnknownSubjectError } from './vault';

const vaultWith = (key = generateMasterKey()) =>
  createPersonalDataVault({ keys: createInMemoryKeyStore(), masterKeys: masterKeysFrom({ key }) });

/** Flips one bit of a base64 field. */
const flip = (b64: string, at = 0) => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

describe('sealing personal data (AES-256-GCM)', () => {
  const applicant = { fullName: 'Айгерим Садыкова', iin: '900101400122' };

  it('uses a fresh nonce every time: the same value seals to different ciphertexts', async () => {
    const vault = vaultWith();
    const subject = await vault.newSubject();
    const [a, b] = [
      await vault.seal(subject, 'applicant', applicant),
      await vault.seal(subject, 'applicant', applicant),
    ];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
  });

  it('seals and opens several values with one look-up of each data key, in order', async () => {
    const store = createInMemoryKeyStore();
    const looked: string[] = [];
    const keys = { ...store, get: (id: string) => (looked.push(id), store.get(id)) };
    const vault = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: generateMasterKey() }) });
    const [one, other] = [await vault.newSubject(), await vault.newSubject()];

    const [text, person] = await vault.sealEach(one, [
      ['text', 'Прошу отремонтировать подъезд'],
      ['applicant', applicant],
    ]);
    const [otherText] = await vault.sealEach(other, [['text', 'Второе обращение']]);
    expect(looked).toEqual([one, other]);
    await vault.erase(other, new Date());

    looked.length = 0;
    expect(
      await vault.openEach([
        [person!, 'applicant'],
        [otherText!, 'text'],
        [text!, 'text'],
      ]),
    ).toEqual([
      { status: 'present', value: applicant },
      { status: 'erased' },
      { status: 'present', value: 'Прошу отремонтировать подъезд' },
    ]);
    expect(looked.sort()).toEqual([one, other].sort());
    await expect(vault.open(person!, 'text')).rejects.toBeInstanceOf(TamperedCiphertextError);
  });

  describe('when the stored ciphertext was tampered with', () => {
    // each alteration must fail the GCM tag check, never yield altered clear data
    it.each(['ciphertext', 'tag', 'iv'] as const)('refuses an altered %s', async (field) => {
      const vault = vaultWith();
      const subject = await vault.newSubject();
      const sealed = await vault.seal(subject, 'applicant', applicant);
      await expect(
        vault.open({ ...sealed, [field]: flip(sealed[field]) }, 'applicant'),
      ).rejects.toBeInstanceOf(TamperedCiphertextError);
    });

    it('refuses a ciphertext moved to another purpose (applicant block passed off as text)', async () => {
      const vault = vaultWith();
      const subject = await vault.newSubject();
      const sealed = await vault.seal(subject, 'applicant', applicant);
      await expect(vault.open(sealed, 'text')).rejects.toBeInstanceOf(TamperedCiphertextError);
    });

    it("refuses a ciphertext relabelled with another subject's id", async () => {
      const vault = vaultWith();
      const [mine, theirs] = [await vault.newSubject(), await vault.newSubject()];
      const sealed = await vault.seal(mine, 'applicant', applicant);
      await expect(vault.open({ ...sealed, subjectId: theirs }, 'applicant')).rejects.toBeInstanceOf(
        TamperedCiphertextError,
      );
    });
  });

  it('refuses to open with the wrong master key', async () => {
    const keys = createInMemoryKeyStore();
    const right = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: generateMasterKey() }) });
    const wrong = createPersonalDataVault({ keys, masterKeys: masterKeysFrom({ key: generateMasterKey() }) });
    const subject = await right.newSubject();
    const sealed = await right.seal(subject, 'text', 'secret');
    await expect(wrong.open(sealed, 'text')).rejects.toBeInstanceOf(TamperedCiphertextError);
  });

  it('says a subject without a key is unknown rather than erased', async () => {
    const vault = vaultWith();
    const sealed = await vault.seal(await vault.newSubject(), 'text', 'x');
    await expect(vaultWith().open({ ...sealed, subjectId: randomUUID() }, 'text')).rejects.toBeInstanceOf(
      UnknownSubjectError,
    );
  });

  it('gives an account the same subject on every use', async () => {
    const vault = vaultWith();
    expect(await vault.subjectForAccount('citizen-1')).toBe(await vault.subjectForAccount('citizen-1'));
    expect(await vault.subjectForAccount('citizen-1')).not.toBe(await vault.subjectForAccount('citizen-2'));
  });
});

describe('master key configuration', () => {
  it('names the variable that is wrong', () => {
    expect(() => masterKeysFrom({ key: 'c2hvcnQ=' })).toThrow(MasterKeyConfigError);
    expect(() => masterKeysFrom({ key: 'c2hvcnQ=' })).toThrow(/PII_MASTER_KEY: must be base64 of exactly 32/);
    expect(() => masterKeysFrom({ key: generateMasterKey(), id: 'bad id' })).toThrow(/PII_MASTER_KEY_ID/);
    expect(() => masterKeysFrom({ key: generateMasterKey(), previous: 'nocolon' })).toThrow(
      /PII_PREVIOUS_MASTER_KEYS/,
    );
    expect(() =>
      masterKeysFrom({ key: generateMasterKey(), id: 'k2', previous: `k2:${generateMasterKey()}` }),
    ).toThrow(/given twice/);
  });

  it('keeps previous keys for unwrapping', () => {
    const old = generateMasterKey();
    const keys = masterKeysFrom({ key: generateMasterKey(), id: 'k2', previous: `k1:${old}` });
    expect(keys.current.id).toBe('k2');
    expect(Buffer.from(keys.byId('k1')!.key).toString('base64')).toBe(old);
    expect(keys.byId('k0')).toBeUndefined();
  });
});
