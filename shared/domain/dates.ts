const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
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
