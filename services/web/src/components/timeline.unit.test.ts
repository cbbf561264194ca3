import { namesIn } from '../api/catalog';
import type { Catalog } from '../api/types';
import { eventDetails, reachedStages } from './timeline';

const catalog: Catalog = {
  kinds: [],
  categories: [],
  regions: [],
  agencies: [{ id: 'akimat-almaty', kind: 'local', name: { ru: 'Акимат Алматы', en: 'Almaty akimat' } }],
};

describe('timeline helpers', () => {
  it('marks the stages reached, forwarded and extended only when they happened', () => {
    const stages = reachedStages([
      { type: 'AppealSubmitted', at: 't' },
      { type: 'AppealRegistered', at: 't' },
      { type: 'AppealRouted', at: 't' },
      { type: 'DeadlineExtended', at: 't' },
    ]);
    expect([...stages]).toEqual(['registered', 'routed', 'extended']);
  });

  it('names the agency, the reason and the new deadline', () => {
    const names = namesIn(catalog, 'en');
    expect(eventDetails({ type: 'AppealRouted', at: 't', summary: { agencyId: 'akimat-almaty' } }, names.agency)).toEqual([
      { key: 'agency', values: { agency: 'Almaty akimat' } },
    ]);
    expect(
      eventDetails(
        { type: 'DeadlineExtended', at: 't', summary: { reason: 'site visit', newDeadline: { dueOn: '2026-12-30' } } },
        names.agency,
      ),
    ).toEqual([
      { key: 'reason', values: { reason: 'site visit' } },
      { key: 'due', values: { date: '2026-12-30' } },
    ]);
  });

  it('skips facts the event does not carry', () => {
    expect(eventDetails({ type: 'AppealWithdrawn', at: 't', summary: {} }, (id) => id)).toEqual([]);
    expect(eventDetails({ type: 'AnswerRated', at: 't', summary: { score: 2 } }, (id) => id)).toEqual([
      { key: 'score', values: { score: '2' } },
    ]);
  });

  it('falls back from the reader’s language, then to the id', () => {
    expect(namesIn(catalog, 'kk').agency('akimat-almaty')).toBe('Акимат Алматы');
    expect(namesIn(catalog, 'kk').agency('unknown')).toBe('unknown');
  });
});
