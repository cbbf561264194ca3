export * from './schema';
export * from './referenceData';
