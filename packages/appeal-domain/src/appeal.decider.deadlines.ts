import { isOpenStatus } from '@appeals/contracts';
import { iso, type Decisions } from './appeal.guards';
import { extendedDeadline } from './appeal.decider.response';

/** Deadlines kept true to the calendar: a provisional one is counted again once its year's calendar is loaded. */
export const deadlineDecisions: Decisions<'RecomputeDeadline'> = {
  RecomputeDeadline: (command, state, rulesFor) => {
    // only a term that still runs is counted again: an answered, closed or deemed-refused appeal keeps its record
    if (state.status === 'none' || !isOpenStatus(state.status) || state.deemedRefused) return [];
    if (!state.deadline.provisional) return [];
    const rules = rulesFor(state.profileId);
    // an extended due date was the head's choice: it stays, moved off a day the loaded calendar shows off
    const newDeadline = state.extended
      ? extendedDeadline(rules, state, state.deadline.dueOn)
      : rules.deadline(state.procedureStartedOn, state.kind);
    if (newDeadline.provisional && newDeadline.dueOn === state.deadline.dueOn) return []; // still not loaded
    return [
      {
        type: 'AppealDeadlineRecomputed',
        data: {
          appealId: state.appealId,
          previousDeadline: state.deadline,
          newDeadline,
          forwardBy: iso(rules.forwardingDeadline(state.procedureStartedOn)),
          recomputedAt: iso(command.now),
        },
      },
    ];
  },
};
