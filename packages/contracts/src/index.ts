export * from './common';
export * from './commands';
export * from './events';
export * from './envelope';
export * from './streams';
