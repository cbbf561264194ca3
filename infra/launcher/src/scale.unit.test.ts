import { parseScale } from './scale';

describe('parseScale (--scale NAME=N, REPLICAS=NAME=N,NAME=N)', () => {
  it('reads copies per process, a later item for the same name winning', () => {
    expect(parseScale(['routing=2', ' projections=3 ', '', 'routing=4'])).toEqual({
      routing: 4,
      projections: 3,
    });
    expect(parseScale('agency-feed=2,relay=1'.split(','))).toEqual({ 'agency-feed': 2, relay: 1 });
  });

  it.each(['gateway=2', 'routing=0', 'routing=13', 'routing', 'toString=1', 'routing=two'])(
    'refuses %s, naming it',
    (item) => {
      expect(() => parseScale([item])).toThrow(`scale ${item}: expected NAME=N`);
    },
  );
});
