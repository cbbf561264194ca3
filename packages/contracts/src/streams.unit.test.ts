import { appealStream, applicantStream, calendarStream, parseStream, streamIdToAppealId } from './streams';
import { toEventMessage, topicForStream, Topics } from './envelope';

describe('stream ids', () => {
  it('names each kind of stream and reads the kind and id back', () => {
    expect(appealStream('0b7e3a1c-5f7b-4a39')).toBe('appeal-0b7e3a1c-5f7b-4a39');
    expect(parseStream(applicantStream('s-1'))).toEqual({ kind: 'applicant', id: 's-1' });
    expect(parseStream(calendarStream('kz-appk'))).toEqual({ kind: 'calendar', id: 'kz-appk' });
    expect(streamIdToAppealId(applicantStream('s-1'))).toBeUndefined();
  });

  it('knows no other kind, and no stream without an id', () => {
    expect(parseStream('orders-1')).toBeUndefined();
    expect(parseStream('appeal-')).toBeUndefined();
    expect(parseStream('appeal')).toBeUndefined();
    expect(() => appealStream('')).toThrow(TypeError);
  });

  it('puts each kind on its topic, keyed by the id inside the stream id', () => {
    expect(topicForStream(calendarStream('kz-appk'))).toBe(Topics.calendarEvents);
    expect(topicForStream(applicantStream('s-1'))).toBe(Topics.applicantEvents);
    expect(topicForStream(appealStream('a-1'))).toBe(Topics.appealEvents);
    const message = toEventMessage({
      id: '7d5c2a2e-4a53-4d0e-9d7a-1f1f5e3c9b10',
      type: 'CalendarYearLoaded',
      stream: calendarStream('kz-appk'),
      streamPosition: 0,
      globalPosition: 1,
      time: '2026-03-02T04:00:00.000Z',
      data: {},
      metadata: {},
    });
    expect(message.key).toBe('kz-appk');
  });
});
