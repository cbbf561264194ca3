import type { Sealed } from '@appeals/contracts';
import { createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { ALG, decrypt, encrypt, KEY_BYTES, packBox, unpackBox } from './aesGcm';
import type { MasterKeys } from './masterKeys';
import type { EraseOutcome, KeyRecord, KeyStore } from './port';

/**
 * What a sealed value is for; bound into the ciphertext, so an applicant block cannot pass for a text, nor a remark
 * (a rating comment, a reason the applicant gave for withdrawing or reopening) for the appeal's text.
 */
export type Purpose = 'applicant' | 'text' | 'remark' | 'location';

/** What a blind index is for: an applicant's IIN/BIN, or the trigrams of an appeal's text (docs/duplicates.md). */
export type BlindIndexPurpose = 'identity' | 'text';

/**
 * The key-store subject that holds the platform's matching key: a data key like the others (wrapped by the master
 * key, re-wrapped on rotation), created on first use, never erased (an erase of it answers 'unknown').
 */
export const MATCHING_SUBJECT_ID = '00000000-0000-4000-8000-0000000b11d0';

/** A sealed value opened: its clear value, or the fact that its subject's key was erased. */
export type Opened<T> = { status: 'present'; value: T } | { status: 'erased' };

/** The subject's key was erased: nothing more can be sealed for it (or opened). */
export class SubjectErasedError extends Error {
  readonly code = 'PERSONAL_DATA.ERASED';
  constructor(readonly subjectId: string) {
    super(`The personal data of subject ${subjectId} was erased`);
    this.name = 'SubjectErasedError';
  }
}

/** No key was ever created for the subject (a lost key store, or a sealed value from elsewhere). */
export class UnknownSubjectError extends Error {
  readonly code = 'PERSONAL_DATA.UNKNOWN_SUBJECT';
  constructor(readonly subjectId: string) {
    super(`No data key exists for subject ${subjectId}`);
    this.name = 'UnknownSubjectError';
  }
}

export interface PersonalDataVault {
  /** The subject of an applicant account, created with its data key on first use. */
  subjectForAccount(accountId: string): Promise<string>;
  /** A fresh subject with its own data key (an appeal filed without an account). */
  newSubject(): Promise<string>;
  /** Encrypts `value` (as JSON) under the subject's data key; throws {@link SubjectErasedError} once erased. */
  seal(subjectId: string, purpose: Purpose, value: unknown): Promise<Sealed>;
  /** {@link seal} of several values of one subject, with one look-up of its data key (in order). */
  sealEach(subjectId: string, values: ReadonlyArray<readonly [Purpose, unknown]>): Promise<Sealed[]>;
  /** Decrypts a sealed value, or reports it erased; throws `TamperedCiphertextError` if it was altered. */
  open<T>(sealed: Sealed, purpose: Purpose): Promise<Opened<T>>;
  /** {@link open} of several sealed values, with one look-up of each subject's data key (in order). */
  openEach(items: ReadonlyArray<readonly [Sealed, Purpose]>): Promise<Array<Opened<unknown>>>;
  /** Deletes the subject's data key for good: everything sealed for it becomes unreadable. Idempotent. */
  erase(subjectId: string, at: Date): Promise<EraseOutcome>;
  /** Whether the subject has a live key, was erased, or is unknown. */
  status(subjectId: string): Promise<'live' | 'erased' | 'unknown'>;
  /**
   * Re-wraps every data key still wrapped by an older master key with the current one, a batch at a time (told
   * after each); returns how many. Interrupted, it goes on where it stopped when run again: what it re-wrapped is
   * under the current key already.
   */
  rotate(options?: RotateOptions): Promise<number>;
  /** How many live data keys are still wrapped by an older master key (what {@link rotate} has left to do). */
  rotationLeft(): Promise<number>;
  /**
   * Keyed hashes of values (HMAC-SHA-256, hex) under a key derived per purpose from the platform's matching key:
   * equal values give equal hashes in every process, and nobody without the key can test a guess. For finding the
   * same IIN or a similar text without keeping either in clear in an index.
   */
  blindIndex(purpose: BlindIndexPurpose, values: readonly string[]): Promise<string[]>;
}

const wrapAad = (subjectId: string) => `appeals/data-key/${subjectId}`;
const dataAad = (subjectId: string, purpose: Purpose) => `appeals/personal-data/${subjectId}/${purpose}`;

/** A new random data key for a subject, wrapped by the current master key (the clear key is wiped). */
const wrapNew = (masterKeys: MasterKeys, subjectId: string) => {
  const dataKey = randomBytes(KEY_BYTES);
  const wrappedKey = packBox(encrypt(masterKeys.current.key, dataKey, wrapAad(subjectId)));
  dataKey.fill(0);
  return { masterKeyId: masterKeys.current.id, wrappedKey };
};

/** A subject's clear data key from its record (the caller wipes it after use). */
const unwrap = (masterKeys: MasterKeys, record: KeyRecord): Buffer => {
  const master = record.masterKeyId === undefined ? undefined : masterKeys.byId(record.masterKeyId);
  if (!master || !record.wrappedKey)
    throw new Error(`Master key "${record.masterKeyId}" of subject ${record.subjectId} is not configured`);
  return decrypt(master.key, unpackBox(record.wrappedKey), wrapAad(record.subjectId), 'A wrapped data key');
};

/** One value sealed under a subject's data key. */
const sealValue = (key: Buffer, subjectId: string, purpose: Purpose, value: unknown): Sealed => {
  const box = encrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), dataAad(subjectId, purpose));
  return {
    subjectId,
    alg: ALG,
    iv: box.iv.toString('base64'),
    ciphertext: box.ciphertext.toString('base64'),
    tag: box.tag.toString('base64'),
  };
};

/** One sealed value opened with its subject's data key; throws `TamperedCiphertextError` if it was altered. */
const openValue = (key: Buffer, sealed: Sealed, purpose: Purpose): unknown => {
  const box = {
    iv: Buffer.from(sealed.iv, 'base64'),
    ciphertext: Buffer.from(sealed.ciphertext, 'base64'),
    tag: Buffer.from(sealed.tag, 'base64'),
  };
  const clear = decrypt(key, box, dataAad(sealed.subjectId, purpose), `Sealed ${purpose} data`);
  return JSON.parse(clear.toString('utf8')) as unknown;
};

export interface RotateOptions {
  /** data keys read and re-wrapped at a time (default 100) */
  batchSize?: number;
  /** after each batch: how many this run re-wrapped so far */
  onProgress?: (rewrapped: number) => void;
}

/** Re-wraps with the current master key the data keys wrapped by older ones, a batch at a time; returns how many. */
async function rewrapAll(keys: KeyStore, masterKeys: MasterKeys, options: RotateOptions): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await keys.wrappedByOtherThan(masterKeys.current.id, options.batchSize ?? 100);
    if (batch.length === 0) return done;
    for (const record of batch) {
      const key = unwrap(masterKeys, record);
      const wrappedKey = packBox(encrypt(masterKeys.current.key, key, wrapAad(record.subjectId)));
      key.fill(0);
      const to = { masterKeyId: masterKeys.current.id, wrappedKey };
      if (await keys.rewrap(record.subjectId, record.masterKeyId as string, to)) done++;
    }
    options.onProgress?.(done);
  }
}

/** Keyed hashes under the matching key ({@link PersonalDataVault.blindIndex}), created on first use. */
function blindIndexer(keys: KeyStore, masterKeys: MasterKeys, clock: () => Date) {
  // two racing first uses agree on one key: `create` keeps the first
  const matchingKey = async (): Promise<Buffer> => {
    const record =
      (await keys.get(MATCHING_SUBJECT_ID)) ??
      (await keys.create({
        subjectId: MATCHING_SUBJECT_ID,
        ...wrapNew(masterKeys, MATCHING_SUBJECT_ID),
        createdAt: clock().toISOString(),
      }));
    return unwrap(masterKeys, record);
  };
  return async (purpose: BlindIndexPurpose, values: readonly string[]): Promise<string[]> => {
    const root = await matchingKey();
    const key = Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `appeals/blind-index/${purpose}`, 32));
    root.fill(0);
    try {
      return values.map((value) => createHmac('sha256', key).update(value, 'utf8').digest('hex'));
    } finally {
      key.fill(0);
    }
  };
}

/**
 * Envelope encryption of personal data: one random AES-256 data key per data subject, stored wrapped by the
 * current master key in a {@link KeyStore}; erasing the subject deletes the key (crypto-shredding). Data keys are
 * unwrapped per call and never cached, so an erasure takes effect in every process at once.
 *
 * @example
 * const vault = createPersonalDataVault({ keys: createInMemoryKeyStore(), masterKeys });
 * const subject = await vault.subjectForAccount('citizen-1');
 * const sealed = await vault.seal(subject, 'applicant', { fullName: 'Айгерим Садыкова' });
 * await vault.open(sealed, 'applicant'); // { status: 'present', value: { fullName: 'Айгерим Садыкова' } }
 */
export function createPersonalDataVault(deps: {
  keys: KeyStore;
  masterKeys: MasterKeys;
  clock?: () => Date;
  newId?: () => string;
}): PersonalDataVault {
  const { keys, masterKeys } = deps;
  const clock = deps.clock ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;

  const create = async (accountId?: string) => {
    const subjectId = newId();
    const record = await keys.create({
      subjectId,
      ...(accountId === undefined ? {} : { accountId }),
      ...wrapNew(masterKeys, subjectId),
      createdAt: clock().toISOString(),
    });
    return record.subjectId;
  };

  /** The live data key of a subject, or 'erased'. */
  const dataKey = async (subjectId: string): Promise<Buffer | 'erased'> => {
    const record = await keys.get(subjectId);
    if (!record) throw new UnknownSubjectError(subjectId);
    if (record.erasedAt !== undefined || !record.wrappedKey) return 'erased';
    return unwrap(masterKeys, record);
  };

  const sealEach = async (subjectId: string, values: ReadonlyArray<readonly [Purpose, unknown]>) => {
    const key = await dataKey(subjectId);
    if (key === 'erased') throw new SubjectErasedError(subjectId);
    try {
      return values.map(([purpose, value]) => sealValue(key, subjectId, purpose, value));
    } finally {
      key.fill(0);
    }
  };

  const openEach = async (items: ReadonlyArray<readonly [Sealed, Purpose]>) => {
    const subjects = [...new Set(items.map(([sealed]) => sealed.subjectId))];
    const keysOf = new Map(await Promise.all(subjects.map(async (id) => [id, await dataKey(id)] as const)));
    try {
      return items.map(([sealed, purpose]): Opened<unknown> => {
        const key = keysOf.get(sealed.subjectId)!;
        return key === 'erased'
          ? { status: 'erased' }
          : { status: 'present', value: openValue(key, sealed, purpose) };
      });
    } finally {
      for (const key of keysOf.values()) if (key !== 'erased') key.fill(0);
    }
  };

  const blindIndex = blindIndexer(keys, masterKeys, clock);

  return {
    async subjectForAccount(accountId) {
      const existing = await keys.findByAccount(accountId);
      return existing ? existing.subjectId : create(accountId);
    },
    newSubject: () => create(),
    async seal(subjectId, purpose, value) {
      const [sealed] = await sealEach(subjectId, [[purpose, value]]);
      return sealed!;
    },
    sealEach,
    async open<T>(sealed: Sealed, purpose: Purpose): Promise<Opened<T>> {
      const [opened] = await openEach([[sealed, purpose]]);
      return opened as Opened<T>;
    },
    openEach,
    erase: async (subjectId, at) =>
      subjectId === MATCHING_SUBJECT_ID ? 'unknown' : keys.erase(subjectId, at.toISOString()),
    async status(subjectId) {
      const record = await keys.get(subjectId);
      return !record ? 'unknown' : record.erasedAt !== undefined ? 'erased' : 'live';
    },
    rotate: (options = {}) => rewrapAll(keys, masterKeys, options),
    rotationLeft: () => keys.countWrappedByOtherThan(masterKeys.current.id),
    blindIndex,
  };
}
