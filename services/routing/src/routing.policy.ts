import { actionRules } from '@appeals/appeal-application';
import { ROUTING_ACTIONS } from '@appeals/contracts';
import type { PolicyTable } from '@appeals/http';

/** Who may call each routing route (checked before the handler); the appeal check follows in the handler. */
export const routingPolicy: PolicyTable = actionRules(ROUTING_ACTIONS);
