import { addDays, dutchDay } from '../../../shared/domain/dates';

/**
 * Today as the server counts it: the calendar day in the Netherlands (deadlines, review dates and "not in the
 * future" are Dutch days, shared/domain/dates.ts), whatever the browser's own time zone.
 */
export const today = (now: Date = new Date()): string => dutchDay(now);

export const tomorrow = (now: Date = new Date()): string => addDays(today(now), 1);

/** True for a real calendar date `YYYY-MM-DD` (not 2026-02-30). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
