import { currentLocale } from '../i18n';

const INTL_LOCALE = { nl: 'nl-NL', en: 'en-GB' } as const;

function intlLocale(): string {
  return INTL_LOCALE[currentLocale()];
}

/** A calendar date `YYYY-MM-DD` (no time zone: it is a date, not an instant), e.g. "12 maart 2025". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long', timeZone: 'UTC' }).format(parsed);
}

/** An instant, shown in the user's own time zone, e.g. "di 12 mrt 2025, 14:30". */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '';
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(parsed);
}

/** The day of an instant, in the user's own time zone, e.g. "12 maart 2025". */
export function formatInstantDate(instant: string | null | undefined): string {
  if (!instant) return '';
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long' }).format(parsed);
}

/** The time of day of an instant, in the user's own time zone, e.g. "14:30". */
export function formatTimeOfDay(instant: string | null | undefined): string {
  if (!instant) return '';
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit' }).format(parsed);
}
