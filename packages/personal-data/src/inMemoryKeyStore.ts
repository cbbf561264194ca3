import type { KeyRecord, KeyStore } from './port';

const copy = (r: KeyRecord): KeyRecord => ({
  ...r,
  ...(r.wrappedKey ? { wrappedKey: new Uint8Array(r.wrappedKey) } : {}),
});

/** The KeyStore port in memory (tests, and the in-memory platform of the service tests). */
export function createInMemoryKeyStore(): KeyStore {
  const records = new Map<string, KeyRecord>();
  const liveOf = (accountId: string) =>
    [...records.values()].find((r) => r.accountId === accountId && r.erasedAt === undefined);
  return {
    async create(record) {
      const existing =
        records.get(record.subjectId) ?? (record.accountId ? liveOf(record.accountId) : undefined);
      if (existing) return copy(existing);
      records.set(record.subjectId, copy(record));
      return copy(record);
    },
    async get(subjectId) {
      const r = records.get(subjectId);
      return r && copy(r);
    },
    async findByAccount(accountId) {
      const r = liveOf(accountId);
      return r && copy(r);
    },
    async erase(subjectId, erasedAt) {
      const r = records.get(subjectId);
      if (!r) return 'unknown';
      if (r.erasedAt !== undefined) return 'already_erased';
      r.wrappedKey?.fill(0);
      records.set(subjectId, { subjectId, createdAt: r.createdAt, erasedAt });
      return 'erased';
    },
    async wrappedByOtherThan(masterKeyId, limit) {
      return [...records.values()]
        .filter((r) => r.erasedAt === undefined && r.masterKeyId !== masterKeyId)
        .slice(0, limit)
        .map(copy);
    },
    async countWrappedByOtherThan(masterKeyId) {
      return [...records.values()].filter((r) => r.erasedAt === undefined && r.masterKeyId !== masterKeyId)
        .length;
    },
    async rewrap(subjectId, fromMasterKeyId, to) {
      const r = records.get(subjectId);
      if (!r || r.erasedAt !== undefined || r.masterKeyId !== fromMasterKeyId) return false;
      records.set(subjectId, {
        ...r,
        masterKeyId: to.masterKeyId,
        wrappedKey: new Uint8Array(to.wrappedKey),
      });
      return true;
    },
    async close() {},
  };
}
