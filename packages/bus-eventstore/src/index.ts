export { createEventStoreBus, groupCheckpointId, type EventStoreBusOptions } from './eventStoreBus';
