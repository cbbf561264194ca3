import { createCalendarBook, createDeadlinePolicy, getProfile } from './index';

const book = createCalendarBook();
const kz = createDeadlinePolicy(getProfile('kz-appk'), book); // UTC+5, cutoff 18:30, start 09:00
const ru = createDeadlinePolicy(getProfile('ru-59fz'), book); // UTC+3, cutoff 18:00, start 09:00

describe('given the Kazakhstan profile, when an appeal is received', () => {
  it('at 18:29 local on Tuesday 15 April 2025, then it is registered that day at the moment of receipt', () => {
    // 18:29 at UTC+5 = 13:29 UTC.
    expect(kz.registration(new Date('2025-04-15T13:29:00Z'))).toEqual({
      registeredOn: '2025-04-15',
      registeredAt: new Date('2025-04-15T13:29:00Z'),
      deferred: false,
    });
  });

  it('at 18:29:59.999 local, then it is still registered that day', () => {
    expect(kz.registration(new Date('2025-04-15T13:29:59.999Z')).registeredOn).toBe('2025-04-15');
  });

  it('at exactly 18:30 local (the cutoff counts as after hours), then it is registered Wednesday at 09:00 local', () => {
    // 18:30 at UTC+5 = 13:30 UTC; next day 09:00 local = 04:00 UTC.
    expect(kz.registration(new Date('2025-04-15T13:30:00Z'))).toEqual({
      registeredOn: '2025-04-16',
      registeredAt: new Date('2025-04-16T04:00:00Z'),
      deferred: true,
    });
  });

  it('at 23:00 UTC on Tuesday, which is already 04:00 Wednesday in Astana, then it is registered Wednesday, not deferred', () => {
    expect(kz.registration(new Date('2025-04-15T23:00:00Z'))).toEqual({
      registeredOn: '2025-04-16',
      registeredAt: new Date('2025-04-15T23:00:00Z'),
      deferred: false,
    });
  });

  it('on Friday 18 April 2025 at 19:00 local, then it is registered on Monday 21 April at 09:00 local', () => {
    expect(kz.registration(new Date('2025-04-18T14:00:00Z'))).toEqual({
      registeredOn: '2025-04-21',
      registeredAt: new Date('2025-04-21T04:00:00Z'),
      deferred: true,
    });
  });

  it('on Saturday morning, then it is registered on Monday', () => {
    expect(kz.registration(new Date('2025-04-19T05:00:00Z')).registeredOn).toBe('2025-04-21');
  });

  it('on Nauryz (Friday 21 March 2025) at 10:00 local, then it is registered Wednesday 26 March', () => {
    // 21 Fri holiday, 22-23 weekend, 24 and 25 moved days off (22 and 23 March fell on the weekend).
    expect(kz.registration(new Date('2025-03-21T05:00:00Z'))).toMatchObject({
      registeredOn: '2025-03-26',
      deferred: true,
    });
  });

  it('on the moved day off Friday 3 January 2025, then it is registered on the working Sunday 5 January at 09:00 local', () => {
    expect(kz.registration(new Date('2025-01-03T05:00:00Z'))).toEqual({
      registeredOn: '2025-01-05',
      registeredAt: new Date('2025-01-05T04:00:00Z'),
      deferred: true,
    });
  });

  it('on the working Sunday 5 January 2025 at 11:00 local, then it is registered that Sunday', () => {
    expect(kz.registration(new Date('2025-01-05T06:00:00Z'))).toMatchObject({
      registeredOn: '2025-01-05',
      deferred: false,
    });
  });

  it('at 07:00 local on a working day, before the workday starts, then it is registered that day at the moment of receipt', () => {
    expect(kz.registration(new Date('2025-04-15T02:00:00Z'))).toEqual({
      registeredOn: '2025-04-15',
      registeredAt: new Date('2025-04-15T02:00:00Z'),
      deferred: false,
    });
  });
});

describe('given the Russia profile, when an appeal is received', () => {
  it('at 17:59 Moscow time on Thursday 17 April 2025, then it is registered that day', () => {
    expect(ru.registration(new Date('2025-04-17T14:59:00Z'))).toMatchObject({
      registeredOn: '2025-04-17',
      deferred: false,
    });
  });

  it('at 18:00 Moscow time (its cutoff), then it is registered Friday at 09:00 Moscow time (06:00 UTC)', () => {
    expect(ru.registration(new Date('2025-04-17T15:00:00Z'))).toEqual({
      registeredOn: '2025-04-18',
      registeredAt: new Date('2025-04-18T06:00:00Z'),
      deferred: true,
    });
  });

  it('on Friday 31 October 2025 at 19:00 Moscow time, then it is registered on the working Saturday 1 November', () => {
    expect(ru.registration(new Date('2025-10-31T16:00:00Z'))).toEqual({
      registeredOn: '2025-11-01',
      registeredAt: new Date('2025-11-01T06:00:00Z'),
      deferred: true,
    });
  });

  it('on 1 May 2025, then it is registered Monday 5 May (2 May moved off, 3-4 weekend)', () => {
    expect(ru.registration(new Date('2025-05-01T07:00:00Z')).registeredOn).toBe('2025-05-05');
  });
});

describe('given the same instant in both jurisdictions', () => {
  it('20:00 UTC Tuesday is 23:00 in Moscow (after hours, Wednesday) and 01:00 Wednesday in Astana (same day)', () => {
    const instant = new Date('2025-04-15T20:00:00Z');
    expect(ru.registration(instant)).toMatchObject({ registeredOn: '2025-04-16', deferred: true });
    expect(kz.registration(instant)).toMatchObject({ registeredOn: '2025-04-16', deferred: false });
  });
});
