import { createCalendarBook, createDeadlinePolicy, getProfile } from './index';
import { calendarErrorOf } from './testSupport';

const book = createCalendarBook();
const kz = createDeadlinePolicy(getProfile('kz-appk'), book); // days end 18:59:59.999 UTC
const ru = createDeadlinePolicy(getProfile('ru-59fz'), book); // days end 20:59:59.999 UTC

describe('given the Kazakhstan profile, working-day kinds', () => {
  it('application registered Tue 15 Apr 2025: 15 working days skipping 1 and 7 May → Thu 8 May 2025', () => {
    // Apr 16,17,18 (3) 21-25 (8) 28,29,30 (11) May 2 (12) 5,6 (14) 8 (15).
    expect(kz.deadline('2025-04-15', 'application')).toEqual({
      dueOn: '2025-05-08',
      dueAt: new Date('2025-05-08T18:59:59.999Z'),
      termDays: 15,
      regime: 'working',
    });
  });

  it('application registered Mon 17 Mar 2025: Nauryz and its two moved days off are skipped → Thu 10 Apr 2025', () => {
    // Mar 18,19,20 (3) | 21 holiday, 22-23 weekend, 24-25 moved off | 26,27,28 (6) 31 (7) Apr 1-4 (11) 7-10 (15).
    expect(kz.deadline('2025-03-17', 'application').dueOn).toBe('2025-04-10');
  });

  it('complaint registered Mon 25 Aug 2025: 20 working days skipping the moved day off Mon 1 Sep → Tue 23 Sep 2025', () => {
    // Aug 26-29 (4) | Sep 1 off | Sep 2-5 (8) 8-12 (13) 15-19 (18) 22,23 (20).
    expect(kz.deadline('2025-08-25', 'complaint').dueOn).toBe('2025-09-23');
  });

  it('application registered Mon 15 Dec 2025: crosses Independence Day and the New Year → Fri 9 Jan 2026', () => {
    // Dec 16 holiday | 17-19 (3) 22-26 (8) 29-31 (11) | Jan 1-2 holidays, 3-4 weekend | 5,6 (13) 7 Christmas 8,9 (15).
    expect(kz.deadline('2025-12-15', 'application').dueOn).toBe('2026-01-09');
  });

  it('bailiff request registered on the working Sunday 5 Jan 2025: 3 working days skipping Christmas → Thu 9 Jan', () => {
    expect(kz.deadline('2025-01-05', 'bailiff_request')).toMatchObject({ dueOn: '2025-01-09', termDays: 3 });
  });
});

describe('given the Kazakhstan profile, calendar-day kinds', () => {
  it('information request registered Mon 17 Mar 2025: Nauryz days are counted → Tue 1 Apr 2025', () => {
    // 17 Mar + 15 calendar days = 1 Apr, a working day.
    expect(kz.deadline('2025-03-17', 'information_request')).toEqual({
      dueOn: '2025-04-01',
      dueAt: new Date('2025-04-01T18:59:59.999Z'),
      termDays: 15,
      regime: 'calendar',
    });
  });

  it('notary request registered Thu 10 Apr 2025: day 10 is Sunday 20 Apr → moves to Monday 21 Apr', () => {
    expect(kz.deadline('2025-04-10', 'notary_request').dueOn).toBe('2025-04-21');
  });

  it('information request registered Wed 16 Apr 2025: day 15 is the holiday Thu 1 May → moves to Fri 2 May', () => {
    expect(kz.deadline('2025-04-16', 'information_request').dueOn).toBe('2025-05-02');
  });

  it('rehabilitation registered Mon 14 Apr 2025: day 90 is Sunday 13 Jul → moves to Monday 14 Jul', () => {
    // Apr 14 + 16 = Apr 30, + 31 = May 31, + 30 = Jun 30, + 13 = Jul 13 (16+31+30+13 = 90).
    expect(kz.deadline('2025-04-14', 'rehabilitation').dueOn).toBe('2025-07-14');
  });
});

describe('given the Russia profile (30 calendar days)', () => {
  it('application registered Mon 14 Apr 2025 → Wed 14 May 2025, end of day Moscow time', () => {
    expect(ru.deadline('2025-04-14', 'application')).toEqual({
      dueOn: '2025-05-14',
      dueAt: new Date('2025-05-14T20:59:59.999Z'),
      termDays: 30,
      regime: 'calendar',
    });
  });

  it('complaint registered Wed 14 May 2025: day 30 is the moved day off Fri 13 Jun → Monday 16 Jun', () => {
    expect(ru.deadline('2025-05-14', 'complaint').dueOn).toBe('2025-06-16');
  });

  it('proposal registered Thu 2 Oct 2025: day 30 is the working Saturday 1 Nov → stays on Saturday', () => {
    expect(ru.deadline('2025-10-02', 'proposal').dueOn).toBe('2025-11-01');
  });
});

describe('forwarding deadline', () => {
  it('Kazakhstan, registered Thu 17 Apr 2025: end of the 3rd working day → Tue 22 Apr 2025', () => {
    expect(kz.forwardingDeadline('2025-04-17')).toEqual({
      dueOn: '2025-04-22',
      dueAt: new Date('2025-04-22T18:59:59.999Z'),
    });
  });

  it('Kazakhstan, registered Thu 20 Mar 2025: Nauryz block skipped → Fri 28 Mar 2025', () => {
    expect(kz.forwardingDeadline('2025-03-20').dueOn).toBe('2025-03-28');
  });

  it('Russia, registered Mon 14 Apr 2025: 7th calendar day → Mon 21 Apr 2025', () => {
    expect(ru.forwardingDeadline('2025-04-14')).toEqual({
      dueOn: '2025-04-21',
      dueAt: new Date('2025-04-21T20:59:59.999Z'),
    });
  });

  it('Russia, registered Thu 5 Jun 2025: day 7 is Russia Day 12 Jun, 13 Jun moved off, then weekend → Mon 16 Jun', () => {
    expect(ru.forwardingDeadline('2025-06-05').dueOn).toBe('2025-06-16');
  });
});

describe('maximum extended deadline', () => {
  it('Kazakhstan, registered 15 Apr 2025: two calendar months → end of 15 Jun 2025', () => {
    expect(kz.maxExtendedDeadline('2025-04-15', 'application')).toEqual({
      dueOn: '2025-06-15',
      dueAt: new Date('2025-06-15T18:59:59.999Z'),
    });
  });

  it('Kazakhstan, registered 31 Jul 2025: 31 Sep does not exist → clamped to 30 Sep 2025', () => {
    expect(kz.maxExtendedDeadline('2025-07-31', 'application').dueOn).toBe('2025-09-30');
  });

  it('Kazakhstan, registered 31 Dec 2025: clamped to 28 Feb 2026 (not a leap year; the limit is not moved off Saturday)', () => {
    expect(kz.maxExtendedDeadline('2025-12-31', 'complaint')).toEqual({
      dueOn: '2026-02-28',
      dueAt: new Date('2026-02-28T18:59:59.999Z'),
    });
  });

  it('Kazakhstan, registered 31 Dec 2027: clamped to the leap day 29 Feb 2028', () => {
    expect(kz.maxExtendedDeadline('2027-12-31', 'application').dueOn).toBe('2028-02-29');
  });

  it('Kazakhstan, an unknown kind is still rejected', () => {
    calendarErrorOf('CALENDAR.UNKNOWN_KIND', () => kz.maxExtendedDeadline('2025-04-15', 'petition'));
  });

  it('Russia 30 + 30: registered Mon 2 Feb 2026 → normal Wed 4 Mar 2026 → extended at most to Fri 3 Apr 2026', () => {
    // Feb 2 + 26 = Feb 28, + 4 = Mar 4 (30); Mar 4 + 27 = Mar 31, + 3 = Apr 3 (30).
    expect(ru.deadline('2026-02-02', 'application').dueOn).toBe('2026-03-04');
    expect(ru.maxExtendedDeadline('2026-02-02', 'application')).toEqual({
      dueOn: '2026-04-03',
      dueAt: new Date('2026-04-03T20:59:59.999Z'),
    });
  });

  it('Russia 30 + 30: registered Mon 14 Apr 2025 → normal Wed 14 May → +30 is the moved day off 13 Jun → Mon 16 Jun', () => {
    expect(ru.maxExtendedDeadline('2025-04-14', 'complaint').dueOn).toBe('2025-06-16');
  });
});

describe('complaint window', () => {
  it('Kazakhstan, answered Wed 1 Oct 2025 10:00 local → Thu 1 Jan 2026 is a holiday (so is Fri 2 Jan) → end of Mon 5 Jan 2026', () => {
    // APPK Art. 64/92: a term whose last day is a day off ends on the next working day (1–2 Jan holidays, 3–4 weekend).
    expect(kz.complaintWindowEnd(new Date('2025-10-01T05:00:00Z'))).toEqual({
      dueOn: '2026-01-05',
      dueAt: new Date('2026-01-05T18:59:59.999Z'),
    });
  });

  it('Kazakhstan, answered 30 Nov 2025 20:00 UTC (already 1 Dec in Astana) → 1 Mar 2026 is a Sunday → end of Mon 2 Mar 2026', () => {
    expect(kz.complaintWindowEnd(new Date('2025-11-30T20:00:00Z'))).toEqual({
      dueOn: '2026-03-02',
      dueAt: new Date('2026-03-02T18:59:59.999Z'),
    });
  });

  it('Kazakhstan, answered 30 Nov 2025 at 10:00 local → 30 Feb does not exist → Sat 28 Feb 2026 → end of Mon 2 Mar 2026', () => {
    expect(kz.complaintWindowEnd(new Date('2025-11-30T05:00:00Z')).dueOn).toBe('2026-03-02');
  });

  it('Kazakhstan, answered Fri 20 Feb 2026 → Wed 20 May 2026, a working day, stays', () => {
    expect(kz.complaintWindowEnd(new Date('2026-02-20T05:00:00Z')).dueOn).toBe('2026-05-20');
  });

  it('Russia, the same instant 30 Nov 2025 20:00 UTC is still 30 Nov in Moscow → Sat 28 Feb 2026 → end of Mon 2 Mar 2026 Moscow time', () => {
    expect(ru.complaintWindowEnd(new Date('2025-11-30T20:00:00Z'))).toEqual({
      dueOn: '2026-03-02',
      dueAt: new Date('2026-03-02T20:59:59.999Z'),
    });
  });
});

describe('when a date falls in a year with no calendar', () => {
  it('then a deadline from 20 Dec 2024 throws CALENDAR.YEAR_NOT_LOADED naming 2024', () => {
    const error = calendarErrorOf('CALENDAR.YEAR_NOT_LOADED', () => kz.deadline('2024-12-20', 'application'));
    expect(error.message).toContain('2024');
    expect(error.details.year).toBe(2024);
  });

  it('then a deadline that runs from Dec 2027 into 2028 throws CALENDAR.YEAR_NOT_LOADED naming 2028', () => {
    const error = calendarErrorOf('CALENDAR.YEAR_NOT_LOADED', () => kz.deadline('2027-12-20', 'application'));
    expect(error.message).toContain('year 2028');
  });

  it('then registering an appeal received in 2024 throws as well', () => {
    calendarErrorOf('CALENDAR.YEAR_NOT_LOADED', () => kz.registration(new Date('2024-12-31T05:00:00Z')));
  });
});

describe('when inputs are malformed', () => {
  it('then a registration date that is not a calendar date throws CALENDAR.INVALID_DATE', () => {
    calendarErrorOf('CALENDAR.INVALID_DATE', () => kz.deadline('2025-02-30', 'application'));
  });

  it('then a receipt time that is not a Date throws CALENDAR.INVALID_INSTANT', () => {
    calendarErrorOf('CALENDAR.INVALID_INSTANT', () => kz.registration(new Date(Number.NaN)));
  });
});
