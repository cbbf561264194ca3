import { useEffect, useMemo, useState } from 'react';
import { api, useCatalog } from '../api/client';
import type { Catalog } from '../api/types';
import { policyFor, type Rules } from './consequences';

/** The catalog's jurisdiction profile id (`profile` is `{id, name, stateLanguage, languages}` on the wire). */
export function profileIdOf(catalog: Catalog | undefined): string | undefined {
  const p = catalog?.profile as unknown;
  if (typeof p === 'string') return p;
  if (p && typeof p === 'object' && typeof (p as { id?: unknown }).id === 'string')
    return (p as { id: string }).id;
  return undefined;
}

/** `GET /calendars/{profileId}`'s warning: the first year not loaded, and from when deadlines are provisional. */
export interface CalendarWarning {
  profileId: string;
  missingYear: number;
  provisionalFrom: string;
  warnFrom: string;
}

interface CalendarInfo {
  years: unknown[];
  warning: CalendarWarning | null;
}

let calendars: { profileId: string; promise: Promise<CalendarInfo> } | undefined;
/** The profile's calendars, fetched once per page load and shared by the rules and the warning. */
const loadCalendars = (profileId: string) => {
  if (calendars?.profileId !== profileId)
    calendars = { profileId, promise: api<CalendarInfo>(`/calendars/${encodeURIComponent(profileId)}`) };
  return calendars.promise;
};
const loadYears = (profileId: string) => loadCalendars(profileId).then((r) => r.years);

/** The server's warning that the loaded calendars run out soon (null when they do not, or while loading). */
export function useCalendarWarning(): CalendarWarning | null {
  const { catalog } = useCatalog();
  const profileId = profileIdOf(catalog);
  const [warning, setWarning] = useState<CalendarWarning | null>(null);
  useEffect(() => {
    if (!profileId) return;
    let live = true;
    loadCalendars(profileId).then(
      (info) => live && setWarning(info.warning ?? null),
      () => undefined, // the rules fall back to the shipped calendars; no warning to show
    );
    return () => {
      live = false;
    };
  }, [profileId]);
  return warning;
}

/** The jurisdiction's deadline rules over the calendars the server has loaded (undefined while loading). */
export function useRules(): Rules | undefined {
  const { catalog } = useCatalog();
  const profileId = profileIdOf(catalog);
  const [years, setYears] = useState<unknown[]>();
  useEffect(() => {
    if (!profileId) return;
    let live = true;
    loadYears(profileId).then(
      (y) => live && setYears(y),
      () => live && setYears([]), // the shipped calendars still answer
    );
    return () => {
      live = false;
    };
  }, [profileId]);
  return useMemo(() => (profileId && years ? policyFor(profileId, years) : undefined), [profileId, years]);
}
