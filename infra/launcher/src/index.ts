export * from './scale';
export * from './logLines';
export * from './children';
export * from './kafkaAccess';
export * from './launchCluster';
export { freePort, ephemeralRange } from './ports';
