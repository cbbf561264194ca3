import { appealStream, isAppealStream, streamIdToAppealId } from './streams';

describe('appeal stream ids', () => {
  it('prefixes the appeal id', () => {
    expect(appealStream('3f1c')).toBe('appeal-3f1c');
  });

  it('turns a stream id back into the appeal id', () => {
    expect(streamIdToAppealId(appealStream('9b2e-41'))).toBe('9b2e-41');
  });

  it('says undefined for streams that are not appeals', () => {
    expect(streamIdToAppealId('routing-rules')).toBeUndefined();
    expect(streamIdToAppealId('appeal-')).toBeUndefined();
    expect(isAppealStream('appeal-1')).toBe(true);
    expect(isAppealStream('agency-1')).toBe(false);
  });

  it('refuses an empty appeal id', () => {
    expect(() => appealStream('')).toThrow(TypeError);
  });
});
