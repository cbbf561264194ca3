/** Dates and times as the console shows them: local dates as dates, instants in the jurisdiction's time. */

const LOCALES: Record<string, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
const localeOf = (lng: string) => LOCALES[lng.slice(0, 2)] ?? 'en-GB';
const MINUTE = 60_000;

// Browsers often ship without Kazakh calendar data ("2026 M12 21"), so Kazakh dates are spelled here.
const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];
const kkDate = (d: Date) => `${d.getUTCFullYear()} жылғы ${d.getUTCDate()} ${KK_MONTHS[d.getUTCMonth()]}`;
const hhmm = (d: Date, seconds: boolean) => d.toISOString().slice(11, seconds ? 19 : 16);

/** A local date (YYYY-MM-DD), e.g. "21 December 2026", "21 декабря 2026", "2026 жылғы 21 желтоқсан". */
export function formatDate(localDate: string, lng: string): string {
  const d = new Date(`${localDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return localDate;
  if (lng.startsWith('kk')) return kkDate(d);
  // "21 декабря 2026 г." would end a sentence with "г.."; the year alone reads as well
  return new Intl.DateTimeFormat(localeOf(lng), { dateStyle: 'long', timeZone: 'UTC' })
    .format(d)
    .replace(/\s?г\.$/, '');
}

/** An instant shown in the jurisdiction's local time (fixed UTC offset), e.g. "21 Dec 2026, 23:59". */
export function formatInstant(iso: string, lng: string, offsetMinutes: number, seconds = false): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  if (lng.startsWith('kk')) {
    const local = new Date(t + offsetMinutes * MINUTE);
    return `${kkDate(local)}, ${hhmm(local, seconds)}`;
  }
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
