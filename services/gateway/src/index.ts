export * from './embedded';
export * from './env';
export * from './webApp';
