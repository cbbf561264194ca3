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

let calendars: { profileId: string; promise: Promise<unknown[]> } | undefined;
const loadYears = (profileId: string) => {
  if (calendars?.profileId !== profileId)
    calendars = {
      profileId,
      promise: api<{ years: unknown[] }>(`/calendars/${encodeURIComponent(profileId)}`).then((r) => r.years),
    };
  return calendars.promise;
};

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
