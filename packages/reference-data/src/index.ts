export * from './schema';
export * from './referenceData';
export * from './demoUsers';
