import { ReadStoreError, isReadStoreError } from './errors';
import { COUNT_LIMIT } from './port';
import { parseFindQuery, parseIndexFields } from './query';

describe('parseFindQuery', () => {
  it('defaults to no filters, no sort, no limit, and counting up to the count limit', () => {
    expect(parseFindQuery()).toEqual({
      filters: [],
      sort: [],
      offset: 0,
      limit: undefined,
      countLimit: COUNT_LIMIT,
    });
  });

  it('normalises equality, membership and ranges', () => {
    const parsed = parseFindQuery({
      where: {
        status: 'routed',
        'applicant.region': { in: ['750000000', null] },
        deadline: { gte: 'a', lt: 'b' },
      },
      sort: [['deadline', 'desc']],
      offset: 10,
      limit: 5,
      countLimit: 20,
    });

    expect(parsed).toEqual({
      filters: [
        { field: 'status', kind: 'eq', value: 'routed' },
        { field: 'applicant.region', kind: 'in', values: ['750000000', null] },
        {
          field: 'deadline',
          kind: 'range',
          bounds: [
            { op: 'gte', value: 'a' },
            { op: 'lt', value: 'b' },
          ],
        },
      ],
      sort: [{ field: 'deadline', direction: 'desc' }],
      offset: 10,
      limit: 5,
      countLimit: 20,
    });
  });

  it('drops undefined conditions and bounds, so optional filters can be passed through', () => {
    const from: string | undefined = undefined;
    const parsed = parseFindQuery({
      where: { agencyId: undefined as never, deadline: { gte: from as never, lt: '2025-04-01' }, other: {} },
    });

    expect(parsed.filters).toEqual([
      { field: 'deadline', kind: 'range', bounds: [{ op: 'lt', value: '2025-04-01' }] },
    ]);
  });

  it.each([
    ['a field path with SQL in it', { where: { 'a) OR (1=1': 1 } }],
    ['a path that ends in a dot', { where: { 'applicant.': 1 } }],
    ['"in" mixed with a range', { where: { a: { in: [1], gt: 0 } as never } }],
    ['an object inside "in"', { where: { a: { in: [{}] } as never } }],
    ['a non-finite number', { where: { a: Number.POSITIVE_INFINITY } }],
    ['a null range bound', { where: { a: { lt: null } } }],
    ['an array as a condition', { where: { a: ['x'] as never } }],
    ['a sort pair with three entries', { sort: [['a', 'asc', 'x']] as never }],
    ['a fractional limit', { limit: 0.5 }],
  ])('rejects %s', (_case, query) => {
    expect(() => parseFindQuery(query)).toThrow(ReadStoreError);
  });
});

describe('parseIndexFields', () => {
  it('reads a plain field as ascending and a pair as its direction', () => {
    expect(parseIndexFields(['agencyId', ['registeredAt', 'desc']])).toEqual([
      { field: 'agencyId', direction: 'asc' },
      { field: 'registeredAt', direction: 'desc' },
    ]);
  });

  it.each([
    ['an unsafe path', ['a) OR 1']],
    ['an unknown direction', [['a', 'down']]],
    ['a pair with three entries', [['a', 'asc', 'x']]],
    ['a number', [3]],
  ])('rejects %s', (_case, fields) => {
    expect(() => parseIndexFields(fields as never)).toThrow(ReadStoreError);
  });
});

describe('isReadStoreError', () => {
  it('recognises errors by their READSTORE code, whichever adapter threw them', () => {
    const foreign = Object.assign(new Error('bad path'), { code: 'READSTORE.INVALID_QUERY' });

    expect(isReadStoreError(new ReadStoreError('READSTORE.INVALID_ARGUMENT', 'x'))).toBe(true);
    expect(isReadStoreError(foreign)).toBe(true);
    expect(isReadStoreError(new Error('other'))).toBe(false);
    expect(isReadStoreError({ code: 'READSTORE.INVALID_QUERY' })).toBe(false);
  });
});
