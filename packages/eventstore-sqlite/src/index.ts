export * from './sqliteEventStore';
export { createSqliteChainStore } from './sqliteChainStore';
export { createSqliteQuarantine } from './sqliteQuarantine';
export * from './migrations';
