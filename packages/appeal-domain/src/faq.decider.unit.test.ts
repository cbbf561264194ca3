import { DeciderSpecification } from '@appeals/decider/spec';
import { FaqErrorCodes as E, faqDecider, type FaqAppealFact, type FaqCommand } from './faq.decider';
import { at } from './testRules';
import type { Actor } from './types';

const spec = DeciderSpecification.for(faqDecider);

const ENTRY = '0f1e2d3c-4b5a-4968-8776-655443322110';
const SOURCE = '5b0c2f1e-8d4a-4c3b-9e6f-1a2b3c4d5e6f';
const OTHER = '7c6d5e4f-3a2b-4c1d-9e0f-a1b2c3d4e5f6';
const THIRD = 'e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b';
const press: Actor = { id: 'press-1', role: 'press' };
const now = at('2026-04-01T10:00');

const answered = (appealId = SOURCE): FaqAppealFact => ({
  appealId,
  status: 'answered',
  categoryId: 'housing_utilities',
});
const inProgress = (appealId = OTHER): FaqAppealFact => ({
  appealId,
  status: 'in_progress',
  categoryId: 'housing_utilities',
});
const wording = {
  question: { ru: 'Когда включат отопление?', en: 'When is the heating switched on?' },
  answer: {
    ru: 'Отопительный сезон начинается, когда среднесуточная температура пять дней ниже +10 °C.',
    en: 'The heating season starts once the daily mean stays below +10 °C for five days.',
  },
};
const cmd = <T extends FaqCommand['type']>(type: T, data: Extract<FaqCommand, { type: T }>['data']) =>
  ({ type, data, now, actor: press }) as Extract<FaqCommand, { type: T }>;
const publish = (source = answered(), more: FaqAppealFact[] = []) =>
  cmd('PublishFaqEntry', { entryId: ENTRY, source, more, ...wording });

const published = {
  type: 'FaqEntryPublished' as const,
  data: {
    entryId: ENTRY,
    categoryId: 'housing_utilities',
    sourceAppealId: SOURCE,
    ...wording,
    appealIds: [SOURCE],
    publishedAt: now.toISOString(),
  },
};

describe('PublishFaqEntry', () => {
  it('publishes the answered appeal’s answer in the press’s words, in the appeal’s category', () => {
    spec.given([]).when(publish()).then([published]);
  });

  it('links more appeals of the category, each once, the source first', () => {
    spec
      .given([])
      .when(publish(answered(), [inProgress(), inProgress(SOURCE), inProgress()]))
      .then([{ ...published, data: { ...published.data, appealIds: [SOURCE, OTHER] } }]);
  });

  it('refuses an appeal whose answer was not sent, and one that does not exist', () => {
    spec
      .given([])
      .when(publish(inProgress(SOURCE)))
      .thenThrows(E.APPEAL_NOT_ANSWERED);
    spec
      .given([])
      .when(publish({ appealId: SOURCE, status: 'none' }))
      .thenThrows(E.APPEAL_NOT_FOUND);
  });

  it('refuses to link an appeal of another category or one that does not exist', () => {
    const roads = { appealId: OTHER, status: 'answered' as const, categoryId: 'roads' };
    spec
      .given([])
      .when(publish(answered(), [roads]))
      .thenThrows(E.OTHER_CATEGORY);
    spec
      .given([])
      .when(publish(answered(), [{ appealId: OTHER, status: 'none' }]))
      .thenThrows(E.APPEAL_NOT_FOUND);
  });

  it('changes nothing when the same publication is repeated, and refuses another one on the same entry', () => {
    spec.given([published]).when(publish()).thenNothingHappens();
    spec
      .given([published])
      .when(publish(answered(OTHER)))
      .thenThrows(E.ALREADY_PUBLISHED);
  });
});

describe('ReviseFaqEntry', () => {
  const revise = (question = { kk: 'Жылу қашан беріледі?' }) =>
    cmd('ReviseFaqEntry', {
      question,
      answer: { kk: 'Жылыту маусымы орташа тәуліктік температура +10 °C-тан төмен болғанда басталады.' },
    });

  it('replaces the wording', () => {
    spec
      .given([published])
      .when(revise())
      .then([
        {
          type: 'FaqEntryRevised',
          data: {
            entryId: ENTRY,
            question: { kk: 'Жылу қашан беріледі?' },
            answer: {
              kk: 'Жылыту маусымы орташа тәуліктік температура +10 °C-тан төмен болғанда басталады.',
            },
            revisedAt: now.toISOString(),
          },
        },
      ]);
  });

  it('changes nothing when the words are the same', () => {
    spec.given([published]).when(cmd('ReviseFaqEntry', wording)).thenNothingHappens();
  });

  it('refuses an entry that does not exist or was withdrawn', () => {
    spec.given([]).when(revise()).thenThrows(E.NOT_FOUND);
    const withdrawn = {
      type: 'FaqEntryWithdrawn' as const,
      data: { entryId: ENTRY, reason: 'Outdated', withdrawnAt: now.toISOString() },
    };
    spec.given([published, withdrawn]).when(revise()).thenThrows(E.WITHDRAWN);
  });
});

describe('LinkFaqAppeals', () => {
  const link = (...appeals: FaqAppealFact[]) => cmd('LinkFaqAppeals', { appeals });
  const linkedOther = {
    type: 'FaqAppealsLinked' as const,
    data: { entryId: ENTRY, appealIds: [OTHER], linkedAt: now.toISOString() },
  };

  it('links only the appeals not linked before', () => {
    spec
      .given([published, linkedOther])
      .when(link(answered(SOURCE), inProgress(OTHER), inProgress(THIRD)))
      .then([
        {
          type: 'FaqAppealsLinked',
          data: { entryId: ENTRY, appealIds: [THIRD], linkedAt: now.toISOString() },
        },
      ]);
  });

  it('changes nothing when every appeal is linked already', () => {
    spec
      .given([published, linkedOther])
      .when(link(inProgress(OTHER), answered(SOURCE)))
      .thenNothingHappens();
  });

  it('refuses an appeal of another category', () => {
    spec
      .given([published])
      .when(link({ appealId: OTHER, status: 'registered', categoryId: 'education' }))
      .thenThrows(E.OTHER_CATEGORY);
  });
});

describe('WithdrawFaqEntry', () => {
  const withdraw = cmd('WithdrawFaqEntry', { reason: 'The rule changed' });
  const withdrawn = {
    type: 'FaqEntryWithdrawn' as const,
    data: { entryId: ENTRY, reason: 'The rule changed', withdrawnAt: now.toISOString() },
  };

  it('takes the entry off the FAQ, once', () => {
    spec.given([published]).when(withdraw).then([withdrawn]);
    spec.given([published, withdrawn]).when(withdraw).thenNothingHappens();
  });

  it('refuses an entry that does not exist', () => {
    spec.given([]).when(withdraw).thenThrows(E.NOT_FOUND);
  });
});
