export * from './port';
export { createInProcessBus, type BusLogger, type InProcessBusOptions } from './inProcessBus';
export { murmur2, partitionFor } from './partitioner';
export { describeError, toDeadLetter } from './deadLetter';
