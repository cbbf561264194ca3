import { CalendarError } from './errors';
import type { AppealKind, JurisdictionProfile } from './profile.schema';

/** The profile's kind of appeal with this code, or throws `CALENDAR.UNKNOWN_KIND`. */
export function getKind(profile: JurisdictionProfile, kindCode: string): AppealKind {
  const kind = profile.kinds.find((candidate) => candidate.code === kindCode);
  if (!kind) {
    throw new CalendarError(
      'CALENDAR.UNKNOWN_KIND',
      `Profile ${profile.id} has no appeal kind ${JSON.stringify(kindCode)} (known: ${profile.kinds.map((k) => k.code).join(', ')})`,
      { profileId: profile.id, kindCode },
    );
  }
  return kind;
}
