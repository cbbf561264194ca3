export { createSqliteReadStore, type SqliteReadStoreOptions } from './sqliteReadStore';
export { MIGRATIONS, migrate } from './migrations';
