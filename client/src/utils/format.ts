import {
  formatCalendarDate,
  formatInstant as instantIn,
  formatInstantDate as instantDateIn,
  formatTimeOfDay as timeOfDayIn,
} from '../../../shared/domain/dates';
import { capacityIn } from '../../../shared/domain/vocabulary';
import { currentLocale } from '../i18n';

/*
 * Dates and times in the reader's language and always in Dutch time (Europe/Amsterdam), whatever the zone of the
 * reader's computer: the list, the meeting, the minutes and their PDF name the same moment the same way. The
 * formats themselves are defined once, in shared/domain/dates.ts.
 */

/** A calendar date `YYYY-MM-DD` (no time zone: it is a date, not an instant), e.g. "12 maart 2025". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return formatCalendarDate(date.slice(0, 10), currentLocale());
}

/** An instant in Dutch time, e.g. "di 12 mrt 2025, 14:30". */
export function formatInstant(instant: string | null | undefined): string {
  return instant ? instantIn(instant, currentLocale()) : '';
}

/** The Dutch day of an instant, e.g. "12 maart 2025". */
export function formatInstantDate(instant: string | null | undefined): string {
  return instant ? instantDateIn(instant, currentLocale()) : '';
}

/** The Dutch time of day of an instant, e.g. "14:30". */
export function formatTimeOfDay(instant: string | null | undefined): string {
  return instant ? timeOfDayIn(instant, currentLocale()) : '';
}

/** A capacity (job title) in the reader's language where it is a known title, else as the administrator wrote it. */
export function formatCapacity(capacity: string): string {
  return capacityIn(capacity, currentLocale());
}
