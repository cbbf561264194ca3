export * from './postgresEventStore';
export * from './migrations';
export * from './checkpoint';
