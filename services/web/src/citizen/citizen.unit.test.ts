import type { CaseView } from '../api/types';
import { buildSubmission, emptyDraft, stepOfField, STEPS } from './appealForm';
import { caseActions } from './caseActions';

const base: CaseView = {
  appealId: 'a',
  status: 'in_progress',
  kind: 'application',
  categoryId: 'housing_utilities',
  regionKato: '751210000',
  language: 'ru',
  subject: 's',
  text: 't',
  deemedRefused: false,
  extensions: [],
  timeline: [],
  version: 3,
};
const answered: CaseView = {
  ...base,
  status: 'answered',
  answer: {
    text: 'x',
    decisionKind: 'give_answer',
    answerCharacter: 'satisfied',
    language: 'ru',
    sentAt: '2026-11-27T03:23:10Z',
    onTime: true,
    complaintWindowEndsAt: '2027-02-27T18:59:59.999Z',
  },
};
const now = new Date('2026-12-01T10:00:00Z');

describe('caseActions', () => {
  it('lets the applicant withdraw an open appeal only', () => {
    expect(caseActions(base, now, true)).toMatchObject({ withdraw: true, rate: false, reopen: false, complain: false });
    expect(caseActions({ ...base, status: 'withdrawn' }, now, true).withdraw).toBe(false);
    expect(caseActions(base, now, false).withdraw).toBe(false);
  });

  it('offers rating and a complaint after the answer, reopening only after a rating of 1 or 2', () => {
    expect(caseActions(answered, now, true)).toMatchObject({ rate: true, complain: true, reopen: false, withdraw: false });
    expect(caseActions({ ...answered, rating: { score: 3 } }, now, true).reopen).toBe(false);
    expect(caseActions({ ...answered, rating: { score: 2 } }, now, true).reopen).toBe(true);
  });

  it('closes reopening and complaints when the window has passed', () => {
    const later = new Date('2027-03-01T00:00:00Z');
    expect(caseActions({ ...answered, rating: { score: 1 } }, later, true)).toMatchObject({ reopen: false, complain: false, rate: true });
  });

  it('allows a complaint about a deemed refusal', () => {
    expect(caseActions({ ...base, deemedRefused: true }, now, true).complain).toBe(true);
  });
});

describe('buildSubmission', () => {
  it('sends what was typed (trimmed) and leaves empty optional fields out', () => {
    const d = { ...emptyDraft('kk', ' Айгерим Садыкова '), kind: 'application', text: ' short ', subject: 'Hi', phone: '' };
    expect(buildSubmission(d)).toEqual({
      kind: 'application',
      language: 'kk',
      subject: 'Hi',
      text: 'short',
      applicant: { type: 'individual', fullName: 'Айгерим Садыкова' },
    });
  });
  it('builds a legal or an anonymous applicant', () => {
    const legal = { ...emptyDraft('ru', ''), applicantType: 'legal' as const, organisationName: 'ТОО', bin: '123', email: 'a@b.kz' };
    expect(buildSubmission(legal).applicant).toEqual({ type: 'legal', organisationName: 'ТОО', bin: '123', email: 'a@b.kz' });
    expect(buildSubmission({ ...legal, applicantType: 'anonymous' }).applicant).toEqual({ type: 'anonymous' });
  });
});

describe('stepOfField', () => {
  it('maps an API field to the wizard step that holds it', () => {
    expect(stepOfField('body.text')).toBe(STEPS.indexOf('text'));
    expect(stepOfField('body.applicant.fullName')).toBe(STEPS.indexOf('applicant'));
    expect(stepOfField('body.regionKato')).toBe(STEPS.indexOf('topic'));
    expect(stepOfField('body.kind')).toBe(0);
    expect(stepOfField('query.x')).toBeUndefined();
    expect(stepOfField('body.channel')).toBeUndefined();
  });
});
