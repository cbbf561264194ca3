export * from './types';
export * from './appeal.state';
export * from './errors';
export * from './rules';
export {
  createAppealDecider,
  completeSubmission,
  evolve as evolveAppeal,
  type AcceptedSubmission,
  type AcceptedComplaint,
  type AppealDecider,
} from './appeal.decider';
export { complainedAlready } from './appeal.decider.aftercare';
export { linkedAppealOf, type LinkedAppealFiling } from './appeal.linked';
export * from './faq.decider';
