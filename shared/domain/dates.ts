/**
 * Casustafel's one way of showing time: every list, screen, PDF and calendar invitation speaks Dutch time
 * (Europe/Amsterdam), whatever the reader's own computer says, so the same meeting reads the same moment
 * everywhere; and one format per kind of value, in the reader's language. Inputs (a date and a time typed into a
 * form) are read as Dutch time too, so what is typed is what is shown.
 */
export const TIME_ZONE = 'Europe/Amsterdam';

/** The languages Casustafel speaks: Dutch first (the covenant's language), English for guests and partners. */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

const INTL_LOCALE: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) in the Netherlands at this instant: deadlines and review dates are Dutch days. */
export const dutchDay = (instant: Date): string => AMSTERDAM_DAY.format(instant);

/** A calendar date plus a number of days (YYYY-MM-DD in, YYYY-MM-DD out; no time zones involved). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// ---------- showing ----------

const formats = new Map<string, Intl.DateTimeFormat>();
function format(language: Language, kind: 'instant' | 'day' | 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${language}/${kind}`;
  let found = formats.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'instant'
        ? {
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
          }
        : kind === 'time'
          ? { hour: '2-digit', minute: '2-digit' }
          : { dateStyle: 'long' };
    // A calendar date has no time zone: it is shown as the day it names.
    found = new Intl.DateTimeFormat(INTL_LOCALE[language], {
      ...options,
      timeZone: kind === 'date' ? 'UTC' : TIME_ZONE,
      ...(kind === 'date' ? {} : { hourCycle: 'h23' }),
    });
    formats.set(key, found);
  }
  return found;
}

const asInstant = (value: Date | string): Date | null => {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
};

/** An instant in Dutch time, e.g. "wo 2 dec 2026, 10:00"; what is not an instant is shown as it came. */
export function formatInstant(value: Date | string, language: Language): string {
  const date = asInstant(value);
  return date ? format(language, 'instant').format(date) : String(value);
}

/** The Dutch day of an instant, e.g. "2 december 2026". */
export function formatInstantDate(value: Date | string, language: Language): string {
  const date = asInstant(value);
  return date ? format(language, 'day').format(date) : String(value);
}

/** The Dutch time of day of an instant, e.g. "10:00". */
export function formatTimeOfDay(value: Date | string, language: Language): string {
  const date = asInstant(value);
  return date ? format(language, 'time').format(date) : String(value);
}

/** A calendar date (YYYY-MM-DD, no time zone: it is a day) e.g. "31 december 2026"; anything else as it came. */
export function formatCalendarDate(value: string, language: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : format(language, 'date').format(date);
}

// ---------- typing ----------

const AMSTERDAM_WALL_CLOCK = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Dutch wall clock of an instant as numbers: year, month (1–12), day, hour, minute, second. */
export function wallClock(instant: Date): [number, number, number, number, number, number] {
  const parts = AMSTERDAM_WALL_CLOCK.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

/** How far Dutch time is ahead of UTC at this instant, in milliseconds. */
function offsetAt(instant: number): number {
  const [y, mo, d, h, mi, s] = wallClock(new Date(instant));
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `<input type="datetime-local">` shows it in Dutch time: `YYYY-MM-DDTHH:mm`. */
export function toDutchWallClock(instant: Date): string {
  const [y, mo, d, h, mi] = wallClock(instant);
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
}

/**
 * A Dutch wall-clock time (`YYYY-MM-DDTHH:mm[:ss]`, as a datetime-local input or a date plus a time input give it)
 * as the instant it names; null when it is no real moment (31 February, 25:00). A time in the hour the clock
 * skips in spring moves an hour on, as a clock would.
 */
export function fromDutchWallClock(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  // Dutch time is UTC plus the offset before or after a nearby change of the clock: try both. Both fit in the
  // hour the clock repeats in autumn (the first is meant); neither in the hour it skips in spring, where the offset
  // from before the change moves the time an hour on.
  const HOURS = 3_600_000;
  const before = asUtc - offsetAt(asUtc - 3 * HOURS);
  const after = asUtc - offsetAt(asUtc + 3 * HOURS);
  const fits = (instant: number) => toDutchWallClock(new Date(instant)) === value.slice(0, 16);
  const matching = [before, after].filter(fits);
  return new Date(matching.length > 0 ? Math.min(...matching) : before);
}

/** Today in the Netherlands as `YYYY-MM-DD` (for `min`/`max` on date inputs and defaults). */
export const todayInDutchTime = (now: Date = new Date()): string => dutchDay(now);
