import type { IncidentView, RegisterIncidentBody } from '../../../shared/api/oversight';
import { incidentStatus, type IncidentStatus } from '../../../shared/domain/access-review';
import { dutchDay, fromDutchWallClock, toDutchWallClock } from '../../../shared/domain/dates';
import { LIMITS } from '../../../shared/limits';
import type { Message } from '../minutes/format';
import { isDay } from '../subject-rights/dates';

/**
 * The incident register (art. 15.2g) on screen: the status as of now (the 72-hour deadline passes while the
 * screen is open), the countdown to the deadline, when an incident may be closed, and what the forms check
 * before they ask the server (which checks the same again). Texts are message descriptors (minutes/format.ts).
 */

export type AuthorityNotification = IncidentView['authorityNotification'];
export const AUTHORITY_NOTIFICATIONS: readonly AuthorityNotification[] = [
  'required',
  'not_required',
  'undecided',
];

// ---------- date and time inputs ----------

/** An instant as `<input type="datetime-local">` shows it: `YYYY-MM-DDTHH:mm` in Dutch time, as every screen. */
export const dutchInputValue = (instant: Date): string => toDutchWallClock(instant);

/** A `datetime-local` value, read as Dutch time, as an instant; null when not a real one. */
export const fromDutchInput = (value: string): Date | null => fromDutchWallClock(value);

// ---------- status and deadline ----------

/** A step taken on an incident after registering it. */
export type IncidentStep = 'assessed' | 'notified' | 'actions' | 'closed';

/** The status now, by the same rule as the server (which computed it when the list was loaded). */
export function currentStatus(incident: IncidentView, now: Date): IncidentStatus {
  return incidentStatus(
    {
      closedAt: incident.closedAt ? new Date(incident.closedAt) : null,
      authorityNotification: incident.authorityNotification,
      authorityNotifiedAt: incident.authorityNotifiedAt ? new Date(incident.authorityNotifiedAt) : null,
      discoveredAt: new Date(incident.discoveredAt),
    },
    now,
  );
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (name: 'days' | 'hours' | 'minutes', n: number): Message => ({
  key: `oversight.duration.${name}${n === 1 ? 'One' : ''}`,
  params: { n },
});

/** A span in the two largest units: "2 dagen en 5 uur", "5 uur en 12 minuten", "12 minuten". */
export function durationMessage(ms: number): Message {
  const total = Math.max(0, Math.floor(Math.abs(ms) / MINUTE)) * MINUTE;
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  const pair = (a: Message, b: Message, n: number): Message =>
    n === 0 ? a : { key: 'oversight.duration.pair', params: { a, b } };
  if (days > 0) return pair(unit('days', days), unit('hours', hours), hours);
  if (hours > 0) return pair(unit('hours', hours), unit('minutes', minutes), minutes);
  if (minutes > 0) return unit('minutes', minutes);
  return { key: 'oversight.duration.lessThanAMinute' };
}

/**
 * What the 72-hour deadline means for this incident now: the time left to notify the Autoriteit
 * Persoonsgegevens, how long ago it passed, that it was notified, or that no notification is needed.
 */
export function deadlineMessage(
  incident: IncidentView,
  now: Date,
  formatInstant: (instant: string) => string,
): Message {
  const deadline = formatInstant(incident.authorityDeadline);
  if (incident.authorityNotifiedAt) {
    const late = incident.authorityNotifiedAt > incident.authorityDeadline;
    return {
      key: late ? 'oversight.incidents.deadlines.notifiedLate' : 'oversight.incidents.deadlines.notified',
      params: { when: formatInstant(incident.authorityNotifiedAt), deadline },
    };
  }
  if (incident.authorityNotification === 'not_required')
    return { key: 'oversight.incidents.deadlines.notRequired' };
  if (incident.closedAt) return { key: 'oversight.incidents.deadlines.closed' };
  const left = new Date(incident.authorityDeadline).getTime() - now.getTime();
  const undecided = incident.authorityNotification === 'undecided';
  if (left > 0)
    return {
      key: undecided ? 'oversight.incidents.deadlines.leftUndecided' : 'oversight.incidents.deadlines.left',
      params: { time: durationMessage(left), deadline },
    };
  return {
    key: undecided ? 'oversight.incidents.deadlines.passedUndecided' : 'oversight.incidents.deadlines.passed',
    params: { time: durationMessage(left), deadline },
  };
}

/**
 * Why the incident cannot be closed yet (an i18n key), or null when it can: the server refuses (409) to close one
 * whose notification is undecided, or required and not recorded.
 */
export function closeBlocker(incident: IncidentView): string | null {
  if (incident.closedAt) return 'oversight.incidents.closeBlocked.closed';
  if (incident.authorityNotification === 'undecided') return 'oversight.incidents.closeBlocked.undecided';
  if (incident.authorityNotification === 'required' && !incident.authorityNotifiedAt)
    return 'oversight.incidents.closeBlocked.notNotified';
  return null;
}

/** A notification can still be recorded while the incident is open, not already notified and not "not needed". */
export const mayRecordNotification = (incident: IncidentView): boolean =>
  !incident.closedAt && !incident.authorityNotifiedAt && incident.authorityNotification !== 'not_required';

// ---------- registering ----------

export interface IncidentDraft {
  title: string;
  description: string;
  /** `YYYY-MM-DD`, or empty when unknown. */
  occurredOn: string;
  /** `datetime-local` value. */
  discoveredAt: string;
  personalData: '' | 'yes' | 'no';
  authorityNotification: AuthorityNotification;
  actions: string;
}

export type IncidentProblems = Partial<Record<keyof IncidentDraft, string>>;

export const incidentDraft = (now: Date): IncidentDraft => ({
  title: '',
  description: '',
  occurredOn: '',
  discoveredAt: dutchInputValue(now),
  personalData: '',
  authorityNotification: 'undecided',
  actions: '',
});

/** A required text: the message key when it is empty or longer than `max`. */
export function textProblem(value: string, max: number, required: string): string | undefined {
  const text = value.trim();
  if (text === '') return required;
  if (text.length > max) return 'oversight.tooLong';
  return undefined;
}

export function incidentProblems(draft: IncidentDraft, now: Date): IncidentProblems {
  const problems: IncidentProblems = {};
  const title = textProblem(draft.title, LIMITS.shortText, 'oversight.incidents.form.titleRequired');
  if (title) problems.title = title;
  const description = textProblem(
    draft.description,
    LIMITS.longText,
    'oversight.incidents.form.descriptionRequired',
  );
  if (description) problems.description = description;
  const discovered = fromDutchInput(draft.discoveredAt);
  if (!discovered) problems.discoveredAt = 'oversight.incidents.form.discoveredRequired';
  else if (discovered.getTime() > now.getTime())
    problems.discoveredAt = 'oversight.incidents.form.discoveredFuture';
  if (draft.occurredOn !== '') {
    if (!isDay(draft.occurredOn)) problems.occurredOn = 'oversight.incidents.form.occurredInvalid';
    else if (discovered && draft.occurredOn > dutchDay(discovered))
      problems.occurredOn = 'oversight.incidents.form.occurredAfterDiscovery';
  }
  if (draft.personalData === '') problems.personalData = 'oversight.incidents.form.personalDataRequired';
  const actions = textProblem(draft.actions, LIMITS.longText, 'oversight.incidents.form.actionsRequired');
  if (actions) problems.actions = actions;
  return problems;
}

export function toIncidentBody(draft: IncidentDraft): RegisterIncidentBody {
  const discovered = fromDutchInput(draft.discoveredAt);
  if (!discovered || draft.personalData === '') throw new Error('the incident draft is not complete');
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    ...(draft.occurredOn ? { occurredOn: draft.occurredOn } : {}),
    discoveredAt: discovered.toISOString(),
    personalData: draft.personalData === 'yes',
    authorityNotification: draft.authorityNotification,
    actions: draft.actions.trim(),
  };
}

// ---------- recording the notification ----------

/** When the authority was notified: a real moment, not in the future. */
export function notifiedProblem(value: string, now: Date): string | undefined {
  const notified = fromDutchInput(value);
  if (!notified) return 'oversight.incidents.notify.required';
  if (notified.getTime() > now.getTime()) return 'oversight.incidents.notify.future';
  return undefined;
}

/** Notified after the 72 hours from the discovery (the incident's `authorityDeadline`). */
export function notifiedLate(value: string, deadline: string): boolean {
  const notified = fromDutchInput(value);
  return notified !== null && notified.getTime() > Date.parse(deadline);
}

/** Art. 33.1 AVG: a notification after the 72 hours goes with the reasons for the delay. */
export function lateReasonProblem(value: string, deadline: string, reason: string): string | undefined {
  if (!notifiedLate(value, deadline)) return undefined;
  return textProblem(reason, LIMITS.longText, 'oversight.incidents.notify.lateReasonRequired');
}
