export { createSqliteReadStore, type SqliteReadStoreOptions } from './sqliteReadStore';
export { MIGRATIONS, migrate } from './migrations';
export { explainFind, unindexedSteps, type FindPlan } from './explain';
