import type { HistoryEvent } from './types';

const HIDDEN = new Set(['appealId', 'text', 'subject', 'applicant', 'trackingCodeHash']);
/** A short line of an event's facts (no free text, no personal data). */
export function eventDetail(e: Pick<HistoryEvent, 'data'>): string {
  const parts = Object.entries(e.data)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`);
  const line = parts.join(' · ');
  return line.length > 180 ? `${line.slice(0, 177)}…` : line;
}

/** The registration number, from the AppealRegistered event. */
export const registrationNumberOf = (events: HistoryEvent[]) => {
  const n = events.find((e) => e.type === 'AppealRegistered')?.data.registrationNumber;
  return typeof n === 'string' ? n : undefined;
};

/** Index of the last event at or before `at` (-1 when the case did not exist yet). */
export function indexAt(events: Pick<HistoryEvent, 'time'>[], at: number): number {
  let i = -1;
  for (const [k, e] of events.entries()) if (Date.parse(e.time) <= at) i = k;
  return i;
}
