/** Today as `YYYY-MM-DD` in the user's time zone (for `max` on date inputs and defaults). */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A date and a time as typed into `<input type="date">` and `<input type="time">`, read in the user's own
 * time zone, as the ISO instant the API wants. Returns null when either part is missing or invalid.
 */
export function localDateTimeToIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) return null;
  // Without an offset, ECMAScript parses a date-time string as local time, which is what the user meant.
  const parsed = new Date(`${date}T${time}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}
