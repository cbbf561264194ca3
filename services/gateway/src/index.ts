export * from './embedded';
export * from './env';
