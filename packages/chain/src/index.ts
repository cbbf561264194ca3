export * from './port';
export * from './streamChain';
export * from './globalChain';
export * from './keys';
export * from './inMemoryChainStore';
export * from './sealer';
export * from './verify';
