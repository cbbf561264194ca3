import { actionRules } from '@appeals/appeal-application';
import type { PolicyTable } from '@appeals/http';

/** Who may call each response route (checked before the handler); the appeal check follows in the handler. */
export const responsePolicy: PolicyTable = actionRules([
  'assign',
  'extend',
  'hearing',
  'draft-answer',
  'approve-answer',
  'send-answer',
  'terminate',
  'withdraw',
  'rate',
  'reopen',
  'complain',
]);
