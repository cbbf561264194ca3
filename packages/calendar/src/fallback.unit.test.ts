import { calendarWarning, createCalendarBook, createDeadlinePolicy, getProfile, isWorkingDay } from './index';
import { calendarErrorOf, kz2028 } from './testSupport';

// A year with no loaded calendar never stops a registration: its days are counted on the profile's weekend and
// fixed-date holidays only, and whatever was counted that way is flagged provisional (docs/adr "provisional deadlines").

const kzProfile = getProfile('kz-appk');
const ruProfile = getProfile('ru-59fz');

describe('given the shipped calendars (2025–2027) and a term that runs into 2028', () => {
  const kz = createDeadlinePolicy(kzProfile, createCalendarBook());
  const ru = createDeadlinePolicy(ruProfile, createCalendarBook());

  it('then an application registered Fri 10 Dec 2027 is due Mon 3 Jan 2028, provisionally', () => {
    // Dec 13-15 (3) | 16 Independence Day | 17 (4) 20-24 (9) 27-31 (14) | Jan 1-2 on the weekend | Mon 3 (15).
    expect(kz.deadline('2027-12-10', 'application')).toEqual({
      dueOn: '2028-01-03',
      dueAt: new Date('2028-01-03T18:59:59.999Z'),
      termDays: 15,
      regime: 'working',
      provisional: true,
    });
  });

  it('then the fixed-date holidays count: an information request of Mon 6 Mar 2028 ends on Nauryz → Fri 24 Mar', () => {
    // Mar 6 + 15 = Tue 21 Mar; 21-23 are the fixed Nauryz days → Fri 24 Mar.
    expect(kz.deadline('2028-03-06', 'information_request')).toMatchObject({
      dueOn: '2028-03-24',
      provisional: true,
    });
  });

  it('then an appeal received on Sun 2 Jan 2028 is registered on Mon 3 Jan, not refused', () => {
    expect(kz.registration(new Date('2028-01-02T05:00:00Z'))).toEqual({
      registeredOn: '2028-01-03',
      registeredAt: new Date('2028-01-03T04:00:00Z'),
      deferred: true,
    });
  });

  it('then the forwarding window and the Russian extension limit that reach into 2028 are provisional too', () => {
    // KZ: Thu 30 Dec 2027 → Fri 31 (1), Mon 3 (2), Tue 4 Jan (3).
    expect(kz.forwardingDeadline('2027-12-30')).toMatchObject({ dueOn: '2028-01-04', provisional: true });
    // RU: Fri 10 Dec 2027 + 30 = Sun 9 Jan → Mon 10 Jan; + 30 = Wed 9 Feb 2028.
    expect(ru.deadline('2027-12-10', 'application')).toMatchObject({
      dueOn: '2028-01-10',
      provisional: true,
    });
    expect(ru.maxExtendedDeadline('2027-12-10', 'application')).toMatchObject({
      dueOn: '2028-02-09',
      provisional: true,
    });
  });

  it('then a term inside the loaded years carries no provisional flag', () => {
    expect(kz.deadline('2027-12-09', 'application')).not.toHaveProperty('provisional');
    expect(kz.forwardingDeadline('2027-12-09')).not.toHaveProperty('provisional');
  });

  it('then asking the book itself about a day of 2028 still throws CALENDAR.YEAR_NOT_LOADED', () => {
    calendarErrorOf('CALENDAR.YEAR_NOT_LOADED', () =>
      isWorkingDay(createCalendarBook(), kzProfile, '2028-01-03'),
    );
  });
});

describe('when the admin loads 2028 afterwards', () => {
  it('then the same deadline is exact: the moved days off Jan 3-4 push it to Wed 5 Jan, not provisional', () => {
    const book = createCalendarBook();
    const kz = createDeadlinePolicy(kzProfile, book);
    expect(kz.deadline('2027-12-10', 'application')).toMatchObject({
      dueOn: '2028-01-03',
      provisional: true,
    });
    book.addYear(kz2028);
    expect(kz.deadline('2027-12-10', 'application')).toEqual({
      dueOn: '2028-01-05',
      dueAt: new Date('2028-01-05T18:59:59.999Z'),
      termDays: 15,
      regime: 'working',
    });
  });
});

describe('the working day on or after a date (where an extended deadline lands)', () => {
  const kz = createDeadlinePolicy(kzProfile, createCalendarBook());

  it('then a working day stays', () => {
    expect(kz.workingDayOnOrAfter('2026-05-05')).toEqual({
      dueOn: '2026-05-05',
      dueAt: new Date('2026-05-05T18:59:59.999Z'),
    });
  });

  it('then Saturday 2 May 2026 moves to Monday 4 May', () => {
    expect(kz.workingDayOnOrAfter('2026-05-02').dueOn).toBe('2026-05-04');
  });

  it('then a day of a year not loaded is moved on weekends and fixed holidays, provisionally', () => {
    expect(kz.workingDayOnOrAfter('2028-01-01')).toMatchObject({ dueOn: '2028-01-03', provisional: true });
  });
});

describe('calendarWarning: the admin is warned from 90 days before the last loaded year ends', () => {
  it('then on Fri 1 Oct 2027 there is no warning yet', () => {
    expect(calendarWarning(createCalendarBook(), 'kz-appk', '2027-10-01')).toBeUndefined();
  });

  it('then from Sat 2 Oct 2027 it names the profile, the missing year and from when deadlines are provisional', () => {
    expect(calendarWarning(createCalendarBook(), 'kz-appk', '2027-10-02')).toEqual({
      profileId: 'kz-appk',
      missingYear: 2028,
      provisionalFrom: '2028-01-01',
      warnFrom: '2027-10-02',
    });
  });

  it('then once 2028 is loaded the warning is gone', () => {
    const book = createCalendarBook();
    book.addYear(kz2028);
    expect(calendarWarning(book, 'kz-appk', '2027-12-01')).toBeUndefined();
  });

  it('then a year already running without a calendar is warned about too', () => {
    expect(calendarWarning(createCalendarBook(), 'ru-59fz', '2028-02-01')).toEqual({
      profileId: 'ru-59fz',
      missingYear: 2028,
      provisionalFrom: '2028-01-01',
      warnFrom: '2027-10-02',
    });
  });
});
