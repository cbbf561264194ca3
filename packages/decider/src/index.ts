export * from './decider';
export * from './commandHandler';
