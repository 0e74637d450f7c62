import { fromDutchWallClock, todayInDutchTime } from '../../../shared/domain/dates';

/** Today as `YYYY-MM-DD` in the Netherlands (for `max` on date inputs and defaults). */
export const todayDutch = (now: Date = new Date()): string => todayInDutchTime(now);

/**
 * A date and a time as typed into `<input type="date">` and `<input type="time">`, read as Dutch time (the time
 * every screen shows, whatever the zone of this computer), as the ISO instant the API wants. Returns null when
 * either part is missing or invalid.
 */
export function dutchDateTimeToIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) return null;
  return fromDutchWallClock(`${date}T${time}`)?.toISOString() ?? null;
}
