export * from './types';
export * from './errors';
export * from './rules';
export { createAppealDecider, evolve as evolveAppeal } from './appeal.decider';
