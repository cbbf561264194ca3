import { parseFindQuery } from '@appeals/readstore';
import { parentPaths, toMongoFilter, toMongoSort, unportableSortValues } from './query';

describe('query translation', () => {
  it('keeps MongoDB from matching inside arrays', () => {
    expect(toMongoFilter(parseFindQuery({ where: { 'applicant.region': '750000000' } }))).toEqual({
      'doc.applicant.region': '750000000',
      $and: [
        { 'doc.applicant': { $not: { $type: 'array' } } },
        { 'doc.applicant.region': { $eq: '750000000', $not: { $type: 'array' } } },
      ],
    });
  });

  it('copies each equality on one value as a plain top-level condition, the shape FerretDB passes down', () => {
    const filter = toMongoFilter(
      parseFindQuery({ where: { band0: 'k', since: { gte: 'a' }, kind: { in: ['x', 'y'] }, gone: null } }),
    );
    // the plain copy of the one equality; the range, the list and null stay only in the exact conditions
    expect(Object.keys(filter).sort()).toEqual(['$and', 'doc.band0']);
    expect(filter['doc.band0']).toBe('k');
    expect(filter.$and).toContainEqual({ 'doc.band0': { $eq: 'k', $not: { $type: 'array' } } });
    expect(toMongoFilter(parseFindQuery({ where: { _revision: 3 } }))).toEqual({ _revision: { $eq: 3 } });
  });

  it('lets null match a value hidden behind an array', () => {
    expect(toMongoFilter(parseFindQuery({ where: { 'a.b': null } }))).toEqual({
      $or: [{ 'doc.a': { $type: 'array' } }, { 'doc.a.b': { $eq: null, $not: { $type: 'array' } } }],
    });
  });

  it('maps _revision to the stored revision, unguarded, and an empty list to no match', () => {
    expect(toMongoFilter(parseFindQuery({ where: { _revision: { gte: 3 }, status: { in: [] } } }))).toEqual({
      $and: [{ _revision: { $gte: 3 } }, { _id: { $in: [] } }],
    });
    expect(parentPaths('_revision')).toEqual([]);
  });

  it('sorts each field once, as first asked, then by id', () => {
    const query = parseFindQuery({
      sort: [
        ['deadline', 'desc'],
        ['deadline', 'asc'],
        ['_revision', 'asc'],
      ],
    });
    expect(toMongoSort(query)).toEqual([
      ['doc.deadline', -1],
      ['_revision', 1],
      ['_id', 1],
    ]);
  });

  it('asks whether a sort key holds values MongoDB orders differently, unless only _revision is sorted', () => {
    expect(unportableSortValues(parseFindQuery({ sort: [['a.b', 'asc']] }))).toEqual({
      $or: [{ 'doc.a.b': { $type: ['bool', 'object', 'array'] } }, { 'doc.a': { $type: 'array' } }],
    });
    expect(unportableSortValues(parseFindQuery({ sort: [['_revision', 'desc']] }))).toBeNull();
    expect(unportableSortValues(parseFindQuery({}))).toBeNull();
  });
});
