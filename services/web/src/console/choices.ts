// The choices the console offers for a draft and a termination, in the order shown. They mirror the API's enums in
// @appeals/contracts (checked by choices.unit.test.ts) without bundling the server's schemas into the web app.

/** Decision kinds (APPK), the most common first. */
export const DECISIONS = [
  'give_answer',
  'take_into_account',
  'favourable_act',
  'burdensome_act',
  'terminate',
] as const;
/** Character of the answer. */
export const CHARACTERS = ['explained', 'satisfied', 'refused'] as const;
/** Outcomes of a complaint (APPK Art. 91–92). */
export const COMPLAINT_OUTCOMES = [
  'leave_unsatisfied',
  'leave_without_consideration',
  'cancel_act',
  'cancel_and_adopt_new_act',
  'perform_action',
  'return_to_original_body',
  'favourable_act',
] as const;
/** Grounds on which a procedure may be terminated. */
export const GROUNDS = [
  'substance_not_stated',
  'repeated_no_new_arguments',
  'anonymous',
  'withdrawn',
  'returned',
  'court_act_in_force',
  'administrative_decision_exists',
  'other_legal_ground',
] as const;
