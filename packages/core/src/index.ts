export * from './core';
export * from './catalogFile';
