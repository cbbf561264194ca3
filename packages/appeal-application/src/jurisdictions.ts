import type { JurisdictionRules } from '@appeals/appeal-domain';
import {
  createCalendarBook,
  createDeadlinePolicy,
  endOfLocalDay,
  getProfile,
  toLocalDate,
  type CalendarBook,
  type DeadlinePolicy,
  type JurisdictionProfile,
  type YearCalendar,
} from '@appeals/calendar';
import { calendarStream, decodePayload, stampVersion, type Actor } from '@appeals/contracts';
import type { EventStore } from '@appeals/eventstore';
import { randomUUID } from 'node:crypto';

/** Binds a calendar deadline policy to the pure rules the appeal decider asks for. */
export function toJurisdictionRules(policy: DeadlinePolicy): JurisdictionRules {
  const profile = policy.profile;
  return {
    stateLanguage: profile.stateLanguage as JurisdictionRules['stateLanguage'],
    registration: (receivedAt) => policy.registration(receivedAt),
    deadline: (registeredOn, kind) => {
      const d = policy.deadline(registeredOn, kind);
      return {
        dueOn: d.dueOn,
        dueAt: d.dueAt.toISOString(),
        termDays: d.termDays,
        regime: d.regime,
        ...(d.provisional ? { provisional: true } : {}),
      };
    },
    forwardingDeadline: (registeredOn) => policy.forwardingDeadline(registeredOn).dueAt,
    maxExtendedDeadline: (startedOn, kind) => policy.maxExtendedDeadline(startedOn, kind).dueAt,
    workingDayOnOrAfter: (localDate) => {
      const { dueOn, provisional } = policy.workingDayOnOrAfter(localDate);
      return { dueOn, ...(provisional ? { provisional } : {}) };
    },
    complaintWindowEnd: (from) => policy.complaintWindowEnd(from).dueAt,
    complaintKinds: profile.kinds.filter((kind) => kind.complaint).map((kind) => kind.code),
    endOfLocalDay: (localDate) => endOfLocalDay(localDate, profile),
    toLocalDate: (instant) => toLocalDate(instant, profile),
  };
}

/**
 * Jurisdiction profiles with their calendars; an admin may load a new year at run time
 * through `book.addYear`, and the rules pick it up at once.
 */
export function createJurisdictions(book: CalendarBook = createCalendarBook()) {
  const cache = new Map<string, JurisdictionRules>();
  return {
    book,
    profile: (id: string): JurisdictionProfile => getProfile(id),
    rulesFor: (id: string): JurisdictionRules => {
      let rules = cache.get(id);
      if (!rules) {
        rules = toJurisdictionRules(createDeadlinePolicy(getProfile(id), book));
        cache.set(id, rules);
      }
      return rules;
    },
  };
}
export type Jurisdictions = ReturnType<typeof createJurisdictions>;

/** Applies every calendar year an admin loaded earlier (stream `calendar-<profileId>`) to the book, in order. */
export async function loadStoredCalendars(
  store: EventStore,
  jurisdictions: Jurisdictions,
  profileIds: string[],
): Promise<number> {
  let loaded = 0;
  for (const profileId of profileIds) {
    for (const e of await store.readStream(calendarStream(profileId))) {
      if (e.type !== 'CalendarYearLoaded') continue;
      jurisdictions.book.addYear(decodePayload('CalendarYearLoaded', e).calendar);
      loaded++;
    }
  }
  return loaded;
}

/**
 * Records a year's working-day calendar an admin loads (or replaces): event `CalendarYearLoaded` on stream
 * `calendar-<profileId>`, so the load is audited and every service applies it (at start, or following the stream).
 * The intake route `PUT /admin/calendars/{profileId}/{year}` and `appeals calendar import` record through it.
 */
export async function recordCalendarYear(
  store: EventStore,
  calendar: YearCalendar,
  by: { actor: Actor; service: string },
): Promise<void> {
  await store.append(
    calendarStream(calendar.profileId),
    [
      {
        id: randomUUID(),
        type: 'CalendarYearLoaded',
        data: { profileId: calendar.profileId, year: calendar.year, calendar },
        metadata: stampVersion('CalendarYearLoaded', by),
      },
    ],
    { expectedVersion: 'any' },
  );
}
