export * from './views';
export * from './generations';
export * from './projector';
export * from './queries.http';
export * from './rebuild';
export * from './rebuild.http';
export * from './projections.service';
export * from './projections.policy';
