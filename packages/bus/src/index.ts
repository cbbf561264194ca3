export * from './port';
export { createInProcessBus, type BusLogger, type InProcessBusOptions } from './inProcessBus';
export { murmur2, partitionFor } from './partitioner';
export { describeError, toDeadLetter } from './deadLetter';
export {
  TOPIC_NAME,
  backoffSchedule,
  checkSubscription,
  positiveInteger,
  validateMessage,
  validateTopic,
  type CheckedSubscription,
} from './checks';
export * from './quarantine';
