// The choices the console offers for a draft and a termination, in the order shown: the API's enums from the
// vocabulary of @appeals/contracts (plain lists, no schemas in the web app's bundle).
import type { DECISION_KINDS } from '@appeals/contracts/vocabulary';

export {
  ANSWER_CHARACTERS as CHARACTERS,
  COMPLAINT_OUTCOMES,
  TERMINATION_GROUNDS as GROUNDS,
} from '@appeals/contracts/vocabulary';

/** Decision kinds (APPK), the most common first (choices.unit.test.ts checks that none is missing). */
export const DECISIONS = [
  'give_answer',
  'take_into_account',
  'favourable_act',
  'burdensome_act',
  'terminate',
] as const satisfies readonly (typeof DECISION_KINDS)[number][];
