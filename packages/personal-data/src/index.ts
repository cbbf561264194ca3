export * from './port';
export * from './aesGcm';
export * from './masterKeys';
export * from './vault';
export { createInMemoryKeyStore } from './inMemoryKeyStore';
export * from './keyringFile';
