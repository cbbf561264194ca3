import { actionRules } from '@appeals/appeal-application';
import { RESPONSE_ACTIONS } from '@appeals/contracts';
import type { PolicyTable } from '@appeals/http';

/** Who may call each response route (checked before the handler); the appeal check follows in the handler. */
export const responsePolicy: PolicyTable = actionRules(RESPONSE_ACTIONS);
