export * from './appealActions.http';
