export * from './appealActions.http';
export * from './open311';
