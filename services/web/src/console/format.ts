/** Dates and times as the console shows them: local dates as dates, instants in the jurisdiction's time. */

const LOCALES: Record<string, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
const localeOf = (lng: string) => LOCALES[lng.slice(0, 2)] ?? 'en-GB';
const MINUTE = 60_000;

/** A local date (YYYY-MM-DD), e.g. "21 December 2026". */
export function formatDate(localDate: string, lng: string): string {
  const d = new Date(`${localDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return localDate;
  return new Intl.DateTimeFormat(localeOf(lng), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** An instant shown in the jurisdiction's local time (fixed UTC offset), e.g. "21 Dec 2026, 23:59". */
export function formatInstant(iso: string, lng: string, offsetMinutes: number, seconds = false): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Intl.DateTimeFormat(localeOf(lng), {
    dateStyle: 'medium',
    timeStyle: seconds ? 'medium' : 'short',
    timeZone: 'UTC',
  }).format(new Date(t + offsetMinutes * MINUTE));
}

/** "+05:00" for an offset of 300 minutes. */
export function offsetLabel(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The value of an <input type="datetime-local"> (seconds included) for an instant, in the jurisdiction's time. */
export function toLocalInput(iso: string, offsetMinutes: number): string {
  return new Date(Date.parse(iso) + offsetMinutes * MINUTE).toISOString().slice(0, 19);
}

/** An ISO instant with the jurisdiction's offset from an <input type="datetime-local"> value; undefined when empty. */
export function fromLocalInput(value: string, offsetMinutes: number): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?/.exec(value);
  if (!m) return undefined;
  return `${m[1]}${m[2] ?? ':00'}${offsetLabel(offsetMinutes)}`;
}
