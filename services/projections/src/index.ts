export * from './views';
export * from './projector';
export * from './queries.http';
export * from './projections.service';
