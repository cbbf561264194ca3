import type { Jurisdictions } from '@appeals/appeal-application';
import { calendarWarning, toLocalDate } from '@appeals/calendar';

/** The slice of a pino-style logger the watch writes to. */
export interface WarningLogger {
  warn(fields: Record<string, unknown>, message?: string): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Tells the operators when the working-day calendars of the service's profile are about to run out (from 90 days
 * before the last loaded year ends, see `calendarWarning`): a warning in the log at start and once a day after, the
 * same warning `GET /calendars/{profileId}` answers and the console shows. Deadlines past the last loaded year are
 * counted provisionally (ADR 0018) until an admin loads the year.
 * @returns the watch's stop
 */
export function watchCalendarCoverage(deps: {
  jurisdictions: Jurisdictions;
  profileId: string;
  clock: () => Date;
  logger: WarningLogger;
  everyMs?: number;
}): () => void {
  const check = () => {
    const profile = deps.jurisdictions.profile(deps.profileId);
    const warning = calendarWarning(
      deps.jurisdictions.book,
      deps.profileId,
      toLocalDate(deps.clock(), profile),
    );
    if (warning)
      deps.logger.warn(
        { calendarWarning: warning },
        `The working-day calendar of ${warning.profileId} for ${warning.missingYear} is not loaded: deadlines ` +
          `counting days from ${warning.provisionalFrom} on are provisional (weekends and fixed-date holidays only) ` +
          `until an admin loads it (PUT /api/v1/admin/calendars/${warning.profileId}/${warning.missingYear}).`,
      );
  };
  check();
  const timer = setInterval(check, deps.everyMs ?? DAY_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
