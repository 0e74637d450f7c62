import type {
  DeferNotificationBody,
  InformedBody,
  NotificationView,
} from '../../../shared/api/notifications';
import type { DeferralGround } from '../../../shared/domain/notification';
import { LIMITS } from '../../../shared/limits';
import type { Message } from '../minutes/format';
import { isDay } from './dates';

/**
 * The notification register (art. 11) on screen: what a duty's badge and history say, and what the forms check
 * before they ask the server (which checks the same again). Texts are message descriptors (minutes/format.ts);
 * dates are formatted by the caller, in the reader's language.
 */

type FormatDay = (day: string) => string;
type Event = NotificationView['history'][number];

/** The badge: "Te informeren", "Te laat", "Uitgesteld tot …", "Heroverwegen", "Geïnformeerd op …". */
export function statusMessage(duty: NotificationView, formatDay: FormatDay): Message {
  switch (duty.status) {
    case 'deferred':
      return { key: 'notifications.statuses.deferred', params: { date: formatDay(duty.reviewOn ?? '') } };
    case 'informed':
      return { key: 'notifications.statuses.informed', params: { date: formatDay(duty.informedOn ?? '') } };
    default:
      return { key: `notifications.statuses.${duty.status}` };
  }
}

/** What one step in a duty's history did: deferred until a date on a ground, or informed on a date and how. */
export function historyMessage(event: Event, formatDay: FormatDay): Message {
  if (event.kind === 'deferred')
    return {
      key: 'notifications.history.deferred',
      params: {
        date: formatDay(event.reviewOn ?? ''),
        ground: event.deferralGround
          ? { key: `deferralGrounds.${event.deferralGround}` }
          : { key: 'notifications.history.noGround' },
      },
    };
  return {
    key: 'notifications.history.informed',
    params: { date: formatDay(event.informedOn ?? ''), how: event.informedHow ?? '' },
  };
}

/** A duty still open (due, overdue, deferred, up for review) can be deferred (again) or met; an informed one not. */
export const isOpen = (duty: Pick<NotificationView, 'state'>): boolean => duty.state !== 'informed';

// ---------- deferral (a core party, art. 11.3–11.4) ----------

export interface DeferDraft {
  ground: DeferralGround | '';
  reviewOn: string;
}

export type DeferProblems = Partial<Record<keyof DeferDraft, string>>;

/** A ground must be chosen; the review date must be a date after today (the server's rule). */
export function deferProblems(draft: DeferDraft, today: string): DeferProblems {
  const problems: DeferProblems = {};
  if (draft.ground === '') problems.ground = 'notifications.defer.groundRequired';
  if (!isDay(draft.reviewOn) || draft.reviewOn <= today)
    problems.reviewOn = 'notifications.defer.reviewRequired';
  return problems;
}

export function toDeferBody(draft: DeferDraft): DeferNotificationBody {
  if (draft.ground === '') throw new Error('a deferral needs a ground');
  return { ground: draft.ground, reviewOn: draft.reviewOn };
}

// ---------- informed (the executor, art. 11.2, 11.5) ----------

export interface InformedDraft {
  informedOn: string;
  how: string;
}

export type InformedProblems = Partial<Record<keyof InformedDraft, string>>;

/** The date is today or earlier; how the subject was informed is said in a few words. */
export function informedProblems(draft: InformedDraft, today: string): InformedProblems {
  const problems: InformedProblems = {};
  if (!isDay(draft.informedOn) || draft.informedOn > today)
    problems.informedOn = 'notifications.informed.dateRequired';
  const how = draft.how.trim();
  if (how === '') problems.how = 'notifications.informed.howRequired';
  else if (how.length > LIMITS.shortText) problems.how = 'notifications.informed.howTooLong';
  return problems;
}

export function toInformedBody(draft: InformedDraft): InformedBody {
  return { informedOn: draft.informedOn, how: draft.how.trim() };
}
