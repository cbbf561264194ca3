import {
  builtinProfiles,
  createCalendarBook,
  createDeadlinePolicy,
  getKind,
  getProfile,
  JurisdictionProfileSchema,
  parseProfile,
} from './index';
import { calendarErrorOf } from './testSupport';

const kz = getProfile('kz-appk');
const ru = getProfile('ru-59fz');

describe('given the shipped profiles', () => {
  it('then both validate against JurisdictionProfileSchema and are frozen', () => {
    expect(JurisdictionProfileSchema.safeParse(builtinProfiles['kz-appk']).success).toBe(true);
    expect(JurisdictionProfileSchema.safeParse(builtinProfiles['ru-59fz']).success).toBe(true);
    expect(Object.isFrozen(kz)).toBe(true);
    expect(Object.isFrozen(kz.kinds[0])).toBe(true);
  });

  it('then asking for an unknown profile throws CALENDAR.UNKNOWN_PROFILE', () => {
    const error = calendarErrorOf('CALENDAR.UNKNOWN_PROFILE', () => getProfile('de-vwvfg'));
    expect(error.details.profileId).toBe('de-vwvfg');
    expect(error.message).toContain('kz-appk');
  });

  // found by the request fuzzer (test/fuzz): GET /calendars/__proto__ answered 500
  it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty'])(
    'then %s, a member of every object, is an unknown profile too',
    (id) => {
      expect(calendarErrorOf('CALENDAR.UNKNOWN_PROFILE', () => getProfile(id)).details.profileId).toBe(id);
    },
  );
});

describe('given the Kazakhstan profile (kz-appk)', () => {
  it('then it runs on UTC+5 with a Saturday-Sunday weekend, 09:00 start and an 18:30 registration cutoff', () => {
    expect(kz.utcOffsetMinutes).toBe(300);
    expect(kz.weekend).toEqual([6, 7]);
    expect(kz.workdayStart).toBe('09:00');
    expect(kz.registrationCutoff).toBe('18:30');
  });

  it('then Kazakh is the state language and appeals may be written in kk, ru or en', () => {
    expect(kz.stateLanguage).toBe('kk');
    expect(kz.languages).toEqual(['kk', 'ru', 'en']);
  });

  it('then the kinds and terms are exactly the table in domain.md', () => {
    const table = kz.kinds.map((kind) => [kind.code, kind.termDays, kind.regime]);
    expect(table).toEqual([
      ['application', 15, 'working'],
      ['proposal', 15, 'working'],
      ['feedback', 15, 'working'],
      ['report', 15, 'working'],
      ['request', 15, 'working'],
      ['information_request', 15, 'calendar'],
      ['complaint', 20, 'working'],
      ['public_service_complaint', 5, 'working'],
      ['taxpayer_complaint', 30, 'working'],
      ['taxpayer_complaint_monitoring', 45, 'working'],
      ['media_request', 7, 'working'],
      ['notary_request', 10, 'calendar'],
      ['advocate_request', 10, 'working'],
      ['bailiff_request', 3, 'working'],
      ['rehabilitation', 90, 'calendar'],
    ]);
  });

  it('then the kinds that are complaints (APPK Art. 91) are the four complaint rows of the table', () => {
    expect(kz.kinds.filter((kind) => kind.complaint).map((kind) => kind.code)).toEqual([
      'complaint',
      'public_service_complaint',
      'taxpayer_complaint',
      'taxpayer_complaint_monitoring',
    ]);
  });

  it('then every kind has a name in Kazakh, Russian and English', () => {
    for (const kind of kz.kinds) {
      expect(
        [kind.name.kk, kind.name.ru, kind.name.en].every((name) => typeof name === 'string' && name !== ''),
      ).toBe(true);
    }
  });

  it('then its fixed-date holidays are those of domain.md (Kurban Ait moves every year, so it is not one)', () => {
    expect(kz.fixedHolidays.map((holiday) => holiday.date)).toEqual([
      '01-01',
      '01-02',
      '01-07',
      '03-08',
      '03-21',
      '03-22',
      '03-23',
      '05-01',
      '05-07',
      '05-09',
      '07-06',
      '08-30',
      '10-25',
      '12-16',
    ]);
  });

  it('then forwarding is 3 working days, extension at most 2 months in total with notice in 3 working days, complaints within 3 months', () => {
    expect(kz.forwarding).toEqual({ days: 3, regime: 'working' });
    expect(kz.extension).toEqual({
      maxTotal: { months: 2 },
      notifyApplicantWithin: { days: 3, regime: 'working' },
    });
    expect(kz.complaintWindow).toEqual({ months: 3 });
    expect(kz.calendarMovesDeadlineOffNonWorkingDay).toBe(true);
    expect(kz.registrationDelay).toEqual({ rule: 'sameDayBeforeCutoff' });
  });
});

describe('given the Russia profile (ru-59fz)', () => {
  it('then it runs on Moscow time UTC+3 by product default, documented in the profile notes', () => {
    expect(ru.utcOffsetMinutes).toBe(180);
    expect(ru.notes?.['utcOffsetMinutes']).toContain('product default');
  });

  it('then application, proposal and complaint have 30 calendar days, migration reports 20, court-decision appeals 7', () => {
    expect(ru.kinds.map((kind) => [kind.code, kind.termDays, kind.regime])).toEqual([
      ['application', 30, 'calendar'],
      ['proposal', 30, 'calendar'],
      ['complaint', 30, 'calendar'],
      ['migration_report', 20, 'calendar'],
      ['court_decision_appeal', 7, 'calendar'],
    ]);
  });

  it('then a migration report is due 20 days after registration and may be extended by 30 days (59-FZ Art. 12)', () => {
    // Mon 2 Feb 2026 + 20 = Sun 22 Feb → Mon 23 Feb (Defender of the Fatherland Day) → Tue 24 Feb; + 30 = Thu 26 Mar.
    const policy = createDeadlinePolicy(ru, createCalendarBook());
    expect(policy.deadline('2026-02-02', 'migration_report')).toMatchObject({
      dueOn: '2026-02-24',
      termDays: 20,
    });
    expect(policy.maxExtendedDeadline('2026-02-02', 'migration_report').dueOn).toBe('2026-03-26');
  });

  it('then an appeal against a court decision is returned within 7 days and its term cannot be extended (59-FZ Art. 11)', () => {
    // Mon 2 Feb 2026 + 7 = Mon 9 Feb; the return is no review, so the limit of an extension is the term itself.
    const policy = createDeadlinePolicy(ru, createCalendarBook());
    expect(policy.deadline('2026-02-02', 'court_decision_appeal')).toMatchObject({ dueOn: '2026-02-09' });
    expect(policy.maxExtendedDeadline('2026-02-02', 'court_decision_appeal').dueOn).toBe('2026-02-09');
    expect(getKind(ru, 'court_decision_appeal').extendable).toBe(false);
    expect(getKind(ru, 'application').extendable).toBe(true);
  });

  it('then its fixed-date holidays (Labour Code Art. 112) are listed for the fallback of a year not loaded', () => {
    expect(ru.fixedHolidays.map((holiday) => holiday.date)).toEqual([
      '01-01',
      '01-02',
      '01-03',
      '01-04',
      '01-05',
      '01-06',
      '01-07',
      '01-08',
      '02-23',
      '03-08',
      '05-01',
      '05-09',
      '06-12',
      '11-04',
    ]);
  });

  it('then its one complaint kind is complaint', () => {
    expect(ru.kinds.filter((kind) => kind.complaint).map((kind) => kind.code)).toEqual(['complaint']);
  });

  it('then registration is due within 3 days, forwarding within 7 calendar days, extension by up to 30 days', () => {
    expect(ru.registrationDelay).toEqual({ rule: 'sameDayBeforeCutoff', registrationWithinDays: 3 });
    expect(ru.forwarding).toEqual({ days: 7, regime: 'calendar' });
    expect(ru.extension).toEqual({ maxAdditional: { days: 30, regime: 'calendar' } });
    expect(ru.stateLanguage).toBe('ru');
  });
});

describe('when a kind is looked up', () => {
  it('then a known code returns the kind', () => {
    expect(getKind(kz, 'notary_request')).toMatchObject({ termDays: 10, regime: 'calendar' });
  });

  it('then a code the profile does not have throws CALENDAR.UNKNOWN_KIND naming profile and code', () => {
    // information_request exists in Kazakhstan but not in the 59-FZ profile.
    const policy = createDeadlinePolicy(ru, createCalendarBook());
    const error = calendarErrorOf('CALENDAR.UNKNOWN_KIND', () =>
      policy.deadline('2025-04-15', 'information_request'),
    );
    expect(error.details).toEqual({ profileId: 'ru-59fz', kindCode: 'information_request' });
  });
});

describe('when an admin supplies a new profile document', () => {
  const valid = JSON.parse(JSON.stringify(kz)) as Record<string, unknown>;

  it('then a copy with another id and weekend validates', () => {
    expect(parseProfile({ ...valid, id: 'kz-appk-test', weekend: [5, 6] }).weekend).toEqual([5, 6]);
  });

  it('then a broken document is rejected listing every issue with its path', () => {
    const broken = {
      ...valid,
      registrationCutoff: '08:00',
      languages: ['ru', 'en'],
      kinds: [...kz.kinds, { ...kz.kinds[0] }],
      extension: { maxTotal: { months: 2 }, maxAdditional: { days: 30, regime: 'calendar' } },
    };
    const error = calendarErrorOf('CALENDAR.INVALID_PROFILE', () => parseProfile(broken));
    expect(error.details.issues.map((issue) => issue.path)).toEqual([
      'extension',
      'registrationCutoff',
      'languages',
      'kinds[15].code',
    ]);
    expect(error.message).toContain('extension: give exactly one of maxTotal or maxAdditional');
    expect(error.message).toContain('registrationCutoff: must be later than workdayStart 09:00');
    expect(error.message).toContain('languages: must include the state language kk');
    expect(error.message).toContain('kinds[15].code: duplicate kind application');
  });

  it('then a fixed-date holiday that is no day of the year is rejected', () => {
    const fixedHolidays = [{ date: '02-30', name: 'No such day' }];
    const error = calendarErrorOf('CALENDAR.INVALID_PROFILE', () =>
      parseProfile({ ...valid, fixedHolidays }),
    );
    expect(error.details.issues.map((issue) => issue.path)).toEqual(['fixedHolidays[0].date']);
  });

  it('then a Kazakh-language profile without a Kazakh kind name is rejected', () => {
    const kinds = [
      { code: 'application', name: { ru: 'Заявление', en: 'Application' }, termDays: 15, regime: 'working' },
    ];
    const error = calendarErrorOf('CALENDAR.INVALID_PROFILE', () => parseProfile({ ...valid, kinds }));
    expect(error.details.issues).toEqual([
      { path: 'kinds[0].name.kk', message: 'a Kazakh name is required when appeals may be written in kk' },
    ]);
  });

  it('then an unknown field (a typo) is rejected rather than silently ignored', () => {
    const error = calendarErrorOf('CALENDAR.INVALID_PROFILE', () =>
      parseProfile({ ...valid, weekends: [6, 7] }),
    );
    expect(error.message).toContain('weekends');
  });
});
