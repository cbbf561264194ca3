import type { ReactNode } from 'react';
import type { AppealAction } from '@appeals/contracts/vocabulary';
import { DraftAction } from './actionForms/answer';
import { AssignAction, ExtendAction, HearingAction, TerminateAction } from './actionForms/caseWork';
import { ForwardAction, RouteAction, TriageAction } from './actionForms/routing';
import type { ActionProps } from './actionForms/shared';

// The forms of the case actions, one module per desk (actionForms/): routing, case work, the answer.

export { DraftStepAction } from './actionForms/answer';
export type { ActionProps } from './actionForms/shared';

/** The form of one case-level action. */
export const ACTION_FORMS: Partial<Record<AppealAction, (p: ActionProps) => ReactNode>> = {
  route: RouteAction,
  'needs-triage': TriageAction,
  forward: ForwardAction,
  assign: AssignAction,
  extend: ExtendAction,
  hearing: HearingAction,
  'draft-answer': DraftAction,
  terminate: TerminateAction,
};
