export * from './port';
export * from './errors';
export * from './streams';
export * from './appendRules';
export * from './readOptions';
export * from './inMemoryEventStore';
export * from './subscription';
export * from './appendListeners';
