import type { AgendaStatus } from '../../../shared/live/content';
import type { ItemConsentState, ItemOutcome } from '../../../shared/domain/consent';

/**
 * How far the meeting is with each agenda item: its status as the agenda shows it, the time used against the time
 * planned, and which item comes next. Pure: unit-tested in progress.test.ts.
 */

/** The agenda document's status, or the item's outcome, which says more. */
export type ItemProgress = AgendaStatus | ItemOutcome;

/**
 * An item's status: its outcome once the chair recorded one (agreed, carried over); otherwise what the organisers
 * set in the agenda, and "in bespreking" for the item under discussion that they left at "te bespreken".
 */
export function itemProgress(input: {
  status: AgendaStatus;
  outcome: ItemOutcome | null;
  current: boolean;
}): ItemProgress {
  if (input.outcome) return input.outcome;
  if (input.status === 'pending' && input.current) return 'discussing';
  return input.status;
}

/** The item's outcome in the meeting state, or null. */
export const outcomeOf = (consent: readonly ItemConsentState[] | undefined, itemId: string) =>
  consent?.find((c) => c.itemId === itemId)?.outcome ?? null;

/**
 * Seconds spent on an item: its earlier turns, plus the running one when it is under discussion (`since`, the
 * turn's start; `now` in ms).
 */
export function usedSeconds(input: {
  earlier: number;
  current: boolean;
  since: string | null;
  now: number;
}): number {
  const { earlier, current, since, now } = input;
  if (!current || since === null) return earlier;
  const started = Date.parse(since);
  return Number.isNaN(started) ? earlier : earlier + Math.max(0, Math.floor((now - started) / 1000));
}

export interface TimeUse {
  /** Whole minutes used (a minute counts once it is full). */
  used: number;
  planned: number | null;
  /** More time used than planned. */
  over: boolean;
}

export function timeUse(seconds: number, plannedMinutes: number | null): TimeUse {
  return {
    used: Math.floor(seconds / 60),
    planned: plannedMinutes,
    over: plannedMinutes !== null && seconds > plannedMinutes * 60,
  };
}

/**
 * The item the chair would discuss next: the first after the current one (in the agenda's live order) that has
 * no outcome yet; if none follows, the first one skipped before it; null when every other item has an outcome.
 */
export function nextItem(
  order: readonly string[],
  currentItemId: string | null,
  decided: (itemId: string) => boolean,
): string | null {
  const at = currentItemId === null ? -1 : order.indexOf(currentItemId);
  const open = (id: string) => id !== currentItemId && !decided(id);
  return order.slice(at + 1).find(open) ?? order.slice(0, Math.max(at, 0)).find(open) ?? null;
}
