export * from './apiKeys';
export * from './edge';
export * from './format';
export * from './requests';
export * from './services';
export * from './settings';
