import { AppealError, AppealErrorCodes as E } from './errors';
import {
  DRAFT_ID,
  OTHER_DRAFT_ID,
  appealInProgress,
  approved,
  at,
  command,
  decider,
  drafted,
  errorOf,
  head,
  sent,
  spec,
} from './testAppeal';
import { fold } from '@appeals/decider';

// Only the latest draft can become the answer (issue 10, defect 7): a newer draft supersedes the older ones, so an
// older draft can be neither approved nor sent, even when it was approved before the newer one was written.

const approve = (draftId: string) => command('ApproveAnswer', { draftId }, at('2026-03-19T10:00'), head);
const send = (draftId: string) => command('SendAnswer', { draftId }, at('2026-03-20T15:00'), head);
const redrafted = drafted({ draftId: OTHER_DRAFT_ID, text: 'Ремонт дороги перенесён на май.' });

describe('ApproveAnswer', () => {
  describe('when a newer draft was written', () => {
    it('refuses the older draft: it was superseded', () => {
      spec
        .given([...appealInProgress, drafted(), redrafted])
        .when(approve(DRAFT_ID))
        .thenThrows(E.DRAFT_SUPERSEDED);
    });

    it('approves the newer draft', () => {
      spec
        .given([...appealInProgress, drafted(), redrafted])
        .when(approve(OTHER_DRAFT_ID))
        .then([approved(OTHER_DRAFT_ID)]);
    });

    it('does nothing when the older draft is approved again (it was approved before it was superseded)', () => {
      spec
        .given([...appealInProgress, drafted(), approved(), redrafted])
        .when(approve(DRAFT_ID))
        .thenNothingHappens();
    });
  });
});

describe('SendAnswer', () => {
  describe('when an approved draft was superseded by a newer one', () => {
    const history = [...appealInProgress, drafted(), approved(), redrafted];

    it('refuses to send the older draft, naming it and the draft that superseded it', () => {
      spec.given(history).when(send(DRAFT_ID)).thenThrows(E.DRAFT_SUPERSEDED);
      const error = errorOf(() => decider.decide(send(DRAFT_ID), fold(decider, history))) as AppealError;
      expect(error.field).toBe('draftId');
      expect(error.message).toContain(DRAFT_ID);
      expect(error.message).toContain(OTHER_DRAFT_ID);
    });

    it('refuses the newer draft until it is approved', () => {
      spec.given(history).when(send(OTHER_DRAFT_ID)).thenThrows(E.DRAFT_NOT_APPROVED);
    });

    it('sends the newer draft once approved', () => {
      spec
        .given([...history, approved(OTHER_DRAFT_ID)])
        .when(send(OTHER_DRAFT_ID))
        .then([sent({ draftId: OTHER_DRAFT_ID })]);
    });
  });
});
