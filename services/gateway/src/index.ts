export * from './embedded';
export * from './env';
export * from './clusterLauncher';
export * from './webApp';
