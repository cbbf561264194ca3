/** One data subject's key as a key store keeps it: wrapped by a master key, or erased (a tombstone). */
export interface KeyRecord {
  subjectId: string;
  /** the applicant account the subject belongs to; absent for a per-appeal subject and after erasure */
  accountId?: string | undefined;
  /** which master key wrapped the data key; absent once erased */
  masterKeyId?: string | undefined;
  /** nonce ‖ tag ‖ ciphertext of the 32-byte data key under the master key; absent once erased */
  wrappedKey?: Uint8Array | undefined;
  createdAt: string;
  erasedAt?: string | undefined;
}

/** A live key: what {@link KeyStore.create} stores. */
export interface NewKeyRecord {
  subjectId: string;
  accountId?: string | undefined;
  masterKeyId: string;
  wrappedKey: Uint8Array;
  createdAt: string;
}

/** What erasing a subject did. */
export type EraseOutcome = 'erased' | 'already_erased' | 'unknown';

/**
 * The key-store port: wrapped per-subject data keys, looked up by subject or by applicant account, and erased for
 * good (crypto-shredding). It never sees a data key in clear; wrapping is the {@link PersonalDataVault}'s job.
 *
 * @example
 * const stored = await keys.create({ subjectId, accountId: 'citizen-1', masterKeyId: 'k1', wrappedKey, createdAt });
 * await keys.erase(subjectId, new Date().toISOString()); // 'erased'; the wrapped key is gone, a tombstone stays
 */
export interface KeyStore {
  /**
   * Stores a new live key and returns it; when the subject exists already, or the account already has a live
   * subject, stores nothing and returns that existing record instead (so two racing first uses agree on one key).
   */
  create(record: NewKeyRecord): Promise<KeyRecord>;
  /** The record of a subject (live or erased), or undefined when the subject was never created. */
  get(subjectId: string): Promise<KeyRecord | undefined>;
  /** The live subject of an applicant account, if it has one. */
  findByAccount(accountId: string): Promise<KeyRecord | undefined>;
  /** Deletes the wrapped key and the account link for good, keeping a tombstone with `erasedAt`. Idempotent. */
  erase(subjectId: string, erasedAt: string): Promise<EraseOutcome>;
  /** Up to `limit` live records wrapped by a master key other than `masterKeyId` (for rotation). */
  wrappedByOtherThan(masterKeyId: string, limit: number): Promise<KeyRecord[]>;
  /** How many live records are wrapped by another master key than `masterKeyId` (what a rotation has left). */
  countWrappedByOtherThan(masterKeyId: string): Promise<number>;
  /** Replaces a live record's wrapping if it is still wrapped by `fromMasterKeyId`; returns whether it did. */
  rewrap(
    subjectId: string,
    fromMasterKeyId: string,
    to: { masterKeyId: string; wrappedKey: Uint8Array },
  ): Promise<boolean>;
  close(): Promise<void>;
}
