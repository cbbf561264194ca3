import type { Decider } from '@appeals/decider';
import { acceptComplaint, aftercareDecisions, type AcceptedComplaint } from './appeal.decider.aftercare';
import { complaintDecisions } from './appeal.decider.complaint';
import { closingDecisions } from './appeal.decider.closing';
import { deadlineDecisions } from './appeal.decider.deadlines';
import { duplicateDecisions } from './appeal.decider.duplicates';
import { acceptSubmission, intakeDecisions, type AcceptedSubmission } from './appeal.decider.intake';
import { responseDecisions } from './appeal.decider.response';
import { routingDecisions } from './appeal.decider.routing';
import { evolve } from './appeal.evolve';
import { CLOSED, hasStatus, type Decision, type Decisions } from './appeal.guards';
import { AppealError, AppealErrorCodes as E } from './errors';
import type { RulesResolver } from './rules';
import type { AppealState } from './appeal.state';
import type { AppealCommand, AppealEvent, ComplaintRequest, NewAppealCommand } from './types';

export { evolve };
export { completeSubmission, type AcceptedSubmission } from './appeal.decider.intake';
export type { AcceptedComplaint } from './appeal.decider.aftercare';

/** Every command's decision, by lifecycle phase (each phase with its spec beside it). */
const DECISIONS: Decisions<AppealCommand['type']> = {
  ...intakeDecisions,
  ...routingDecisions,
  ...responseDecisions,
  ...closingDecisions,
  ...aftercareDecisions,
  ...complaintDecisions,
  ...deadlineDecisions,
  ...duplicateDecisions,
};

/** The appeal decider, plus the first half of a submission: accept (or refuse) before personal data is sealed. */
export interface AppealDecider extends Decider<AppealCommand, AppealEvent, AppealState> {
  /** Accepts a new appeal and registers it, or refuses it; see {@link acceptSubmission}. */
  acceptSubmission(command: NewAppealCommand): AcceptedSubmission;
  /** Accepts a complaint or refuses it before its reason is sealed; see {@link acceptComplaint}. */
  acceptComplaint(command: ComplaintRequest, state: AppealState): AcceptedComplaint;
}

/**
 * The appeal decider: every rule of the lifecycle, no I/O.
 * Jurisdiction rules (terms, calendars) come in as pure functions per profile.
 */
export function createAppealDecider(rulesFor: RulesResolver): AppealDecider {
  function decide<T extends AppealCommand['type']>(
    command: Extract<AppealCommand, { type: T }>,
    state: AppealState,
  ): AppealEvent[] {
    const decision = DECISIONS[command.type] as Decision<T> | undefined;
    if (!decision)
      throw new AppealError(E.INVALID_TRANSITION, `Unknown command ${(command as { type: string }).type}`);
    return decision(command, state, rulesFor);
  }

  return {
    decide,
    evolve,
    initialState: { status: 'none' },
    isTerminal: (s) => s.status !== 'none' && hasStatus(s, CLOSED),
    acceptSubmission: (command) => acceptSubmission(command, rulesFor),
    acceptComplaint: (command, state) => acceptComplaint(command, state, rulesFor),
  };
}
