export * from './kurrentEventStore';
export * from './checkpoint';
export * from './expectedVersion';
export * from './errors';
