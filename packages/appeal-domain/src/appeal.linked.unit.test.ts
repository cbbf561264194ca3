import { DeciderSpecification } from '@appeals/decider/spec';
import { createAppealDecider } from './appeal.decider';
import { linkedAppealOf } from './appeal.linked';
import type { Appeal } from './appeal.state';
import { AppealError } from './errors';
import {
  AGENCY,
  APPEAL_ID,
  CHILD_APPEAL_ID,
  COMPLAINT_APPEAL_ID,
  HIGHER_AGENCY,
  OTHER_AGENCY,
  SERIAL,
  answeredAppeal,
  applicant,
  at,
  command,
  complaintFiled,
  complaintReason,
  decider,
  forwardedPart,
  head,
  routedAppeal,
} from './testAppeal';
import { testRules } from './testRules';
import type { AppealEvent } from './types';

/** The parent as `events` left it, and the linked appeal the last of them calls for (filed by `head`). */
const linkedAfter = (events: AppealEvent[]) => {
  const parent = events.reduce(decider.evolve, decider.initialState) as Appeal;
  return linkedAppealOf(parent, events.at(-1)!, head);
};

describe('linkedAppealOf: the linked appeal a parent’s event calls for', () => {
  it('given a routed appeal, when a part is forwarded, then its part is filed: numbered /1, with the other body, at the forward’s time', () => {
    const filing = linkedAfter([...routedAppeal, forwardedPart]);
    expect(filing).toEqual({
      command: {
        type: 'SubmitAppeal',
        now: new Date(forwardedPart.data.forwardedAt),
        actor: head,
        data: expect.objectContaining({
          appealId: CHILD_APPEAL_ID,
          numbering: { type: 'linked', parentNumber: `20260302-${SERIAL}`, suffix: '/1' },
          addressedAgencyId: OTHER_AGENCY,
          categoryId: 'roads',
          language: 'ru',
          subject: 'Ямы на улице Абая',
          trackingCodeHash: 'sha256:tracking',
          origin: { type: 'forwarded_part', parentAppealId: APPEAL_ID, fromAgencyId: AGENCY },
        }),
      },
      text: 'The question about air quality',
    });
  });

  it('given a part forwarded already, when another part is forwarded, then the second is numbered /2', () => {
    const second: AppealEvent = {
      ...forwardedPart,
      data: { ...forwardedPart.data, childAppealId: COMPLAINT_APPEAL_ID, toAgencyId: HIGHER_AGENCY },
    };
    const filing = linkedAfter([...routedAppeal, forwardedPart, second]);
    expect(filing?.command.data).toMatchObject({
      appealId: COMPLAINT_APPEAL_ID,
      numbering: { suffix: '/2' },
    });
  });

  it('given an answered appeal, when a complaint is filed, then the complaint appeal goes through the body complained about, in the complaint’s language and kind, its reason as sealed', () => {
    const filedAt = '2026-03-23T05:00:00.000Z';
    const late = { windowEndsAt: filedAt, filedAt };
    const filing = linkedAfter([
      ...answeredAppeal,
      complaintFiled(filedAt, { language: 'kk', kind: 'public_service_complaint', late }),
    ]);
    expect(filing?.text).toEqual(complaintReason);
    expect(filing?.command.now).toEqual(new Date(filedAt));
    expect(filing?.command.data).toMatchObject({
      appealId: COMPLAINT_APPEAL_ID,
      numbering: { suffix: '-C1' },
      kind: 'public_service_complaint',
      language: 'kk',
      subject: 'Complaint: Ямы на улице Абая',
      addressedAgencyId: AGENCY,
      isAboutCrimeOrThreat: false,
      origin: {
        type: 'complaint',
        complainedAppealId: APPEAL_ID,
        againstAgencyId: AGENCY,
        reviewerAgencyId: HIGHER_AGENCY,
        late,
      },
    });
  });

  it('given a complaint recorded without its language, then the complaint appeal is in the complained appeal’s', () => {
    const filing = linkedAfter([...answeredAppeal, complaintFiled('2026-03-23T05:00:00.000Z')]);
    expect(filing?.command.data).toMatchObject({ language: 'ru', kind: 'complaint' });
  });

  it.each([
    ['a whole forward', { ...forwardedPart, data: { ...forwardedPart.data, scope: 'whole' as const } }],
    ['a routing', routedAppeal.at(-1)!],
  ])('when %s is recorded, then it calls for no linked appeal', (_, event) => {
    expect(linkedAfter([...routedAppeal, event])).toBeUndefined();
  });

  it('the appeal it calls for is one the decider accepts: registered under the parent’s number', () => {
    const filing = linkedAfter([...routedAppeal, forwardedPart])!;
    expect(decider.acceptSubmission(filing.command).registered.registrationNumber).toBe(
      `20260302-${SERIAL}/1`,
    );
  });
});

describe('a linking event is recorded only when its linked appeal can be filed', () => {
  // rules that cannot register anything (a calendar that cannot answer): the part's own registration fails
  const cannotRegister = {
    ...testRules,
    registration: () => {
      throw new AppealError('APPEAL.INVALID_TRANSITION', 'no calendar');
    },
  };
  const spec = DeciderSpecification.for(createAppealDecider(() => cannotRegister));
  const forwardPart = command(
    'ForwardAppeal',
    {
      toAgencyId: OTHER_AGENCY,
      scope: 'part',
      partDescription: 'The question about air quality',
      childAppealId: CHILD_APPEAL_ID,
      reason: 'Ecology is theirs',
    },
    at('2026-03-03T11:00'),
    head,
  );

  it('given a routed appeal, when a part is forwarded but its appeal could not be registered, then nothing is recorded', () => {
    spec.given(routedAppeal).when(forwardPart).thenThrows('APPEAL.INVALID_TRANSITION');
  });

  it('given a routed appeal, when a part is forwarded and its appeal can be registered, then the forward is recorded', () => {
    DeciderSpecification.for(decider)
      .given(routedAppeal)
      .when(forwardPart)
      .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['AppealForwarded']));
  });

  it('given an answered appeal, when the applicant complains but the complaint appeal could not be registered, then nothing is recorded', () => {
    const complaint = command(
      'FileComplaint',
      {
        complaintAppealId: COMPLAINT_APPEAL_ID,
        higherAgencyId: HIGHER_AGENCY,
        againstAgencyId: AGENCY,
        kind: 'complaint',
        reason: complaintReason,
      },
      at('2026-03-23T10:00'),
      applicant,
    );
    spec.given(answeredAppeal).when(complaint).thenThrows('APPEAL.INVALID_TRANSITION');
  });
});
