export * from './views';
export * from './projector';
export * from './queries.http';
