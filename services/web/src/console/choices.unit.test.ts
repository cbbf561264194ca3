import {
  AnswerCharacter,
  AppealStatus,
  ComplaintOutcome,
  DecisionKind,
  OPEN_STATUSES as API_OPEN_STATUSES,
  TerminationGround,
} from '@appeals/contracts';
import { OPEN_STATUSES } from '../citizen/caseActions';
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
    ['open statuses', OPEN_STATUSES, API_OPEN_STATUSES],
  ])('offer exactly the API’s %s', (_what, offered, api) => {
    expect([...offered].sort()).toEqual([...api].sort());
  });
});
