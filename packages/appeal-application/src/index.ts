export * from './actor';
export * from './appealCommands';
export * from './access';
export * from './errors';
export * from './jurisdictions';
export * from './linkedAppeal';
export * from './personalData';
export * from './duplicates';
