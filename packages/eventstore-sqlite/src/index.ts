export * from './sqliteEventStore';
export * from './migrations';
