import { CalendarError } from './errors';
import { parseProfile, type JurisdictionProfile } from './profile.schema';
import kzAppkProfile from './profiles/kz-appk/profile.json';
import kzAppk2025 from './profiles/kz-appk/2025.json';
import kzAppk2026 from './profiles/kz-appk/2026.json';
import kzAppk2027 from './profiles/kz-appk/2027.json';
import ru59fzProfile from './profiles/ru-59fz/profile.json';
import ru59fz2025 from './profiles/ru-59fz/2025.json';
import ru59fz2026 from './profiles/ru-59fz/2026.json';
import ru59fz2027 from './profiles/ru-59fz/2027.json';
import { parseYearCalendar, type YearCalendar } from './yearCalendar.schema';

/** Ids of the profiles shipped with the package. */
export type BuiltinProfileId = 'kz-appk' | 'ru-59fz';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The shipped jurisdiction profiles (validated at load, frozen): Kazakhstan (default) and Russia. */
export const builtinProfiles: Readonly<Record<BuiltinProfileId, JurisdictionProfile>> = deepFreeze({
  'kz-appk': parseProfile(kzAppkProfile),
  'ru-59fz': parseProfile(ru59fzProfile),
});

/** The default profile id of the platform. */
export const defaultProfileId: BuiltinProfileId = 'kz-appk';

/** The shipped year calendars (KZ and RU, 2025–2027), validated at load and frozen. */
export const builtinYearCalendars: readonly YearCalendar[] = deepFreeze(
  [kzAppk2025, kzAppk2026, kzAppk2027, ru59fz2025, ru59fz2026, ru59fz2027].map(parseYearCalendar),
);

/** A shipped profile by id, or throws `CALENDAR.UNKNOWN_PROFILE`. */
export function getProfile(id: BuiltinProfileId | (string & {})): JurisdictionProfile {
  // an own property only: `__proto__` or `toString` must not find Object.prototype's members
  const profile = Object.hasOwn(builtinProfiles, id)
    ? (builtinProfiles as Readonly<Record<string, JurisdictionProfile>>)[id]
    : undefined;
  if (!profile) {
    throw new CalendarError(
      'CALENDAR.UNKNOWN_PROFILE',
      `Unknown jurisdiction profile ${JSON.stringify(id)} (known: ${Object.keys(builtinProfiles).join(', ')})`,
      { profileId: id },
    );
  }
  return profile;
}
