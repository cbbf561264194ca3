import { AnswerCharacter, AppealStatus, ComplaintOutcome, DecisionKind, TerminationGround } from '@appeals/contracts';
import { CHARACTERS, COMPLAINT_OUTCOMES, DECISIONS, GROUNDS } from './choices';
import { STATUSES } from './types';

// The console's choice lists are kept apart from the server's schemas (bundle size); this keeps them equal.
describe("the console's choices", () => {
  it.each([
    ['decision kinds', DECISIONS, DecisionKind.options],
    ['answer characters', CHARACTERS, AnswerCharacter.options],
    ['complaint outcomes', COMPLAINT_OUTCOMES, ComplaintOutcome.options],
    ['termination grounds', GROUNDS, TerminationGround.options],
    ['appeal statuses', STATUSES, AppealStatus.options],
  ])('offer exactly the API’s %s', (_what, offered, api) => {
    expect([...offered].sort()).toEqual([...api].sort());
  });
});
