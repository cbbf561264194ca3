export * from './actors';
export * from './builders';
export * from './platform';
