export * from './sqliteEventStore';
export { createSqliteChainStore } from './sqliteChainStore';
export * from './migrations';
