export * from './vocabulary';
export * from './common';
// the schema and the type of the same name (the vocabulary holds the type alone)
export { AppealStatus } from './common';
export * from './commands';
export * from './events';
export * from './envelope';
export * from './versions';
