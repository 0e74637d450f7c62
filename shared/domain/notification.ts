import type { Actor } from './roles';
import type { AccessDecision } from './access';

/**
 * The notification duty (art. 11). Art. 11.2: the subject is informed (art. 34 Wbp) once the weegploeg has decided
 * either way (art. 7.4). Art. 11.3: first the core parties consult; the controller may defer informing on one of
 * the interests of art. 43 Wbp, a note of which is kept in the file (art. 11.4). Art. 11.5: as soon as no ground
 * remains, the subject is informed — also when no further measures followed.
 */
export const DEFERRAL_GROUNDS = [
  'state_security', // a. de veiligheid van de Staat
  'crime', // b. de voorkoming, opsporing en vervolging van strafbare feiten
  'economic', // c. gewichtige economische en financiële belangen van de Staat en andere openbare lichamen
  'supervision', // d. het toezicht op de naleving van voorschriften ten behoeve van b en c
  'protection', // e. de bescherming van de betrokkene of van rechten en vrijheden van anderen
] as const;
export type DeferralGround = (typeof DEFERRAL_GROUNDS)[number];

export const NOTIFICATION_STATES = ['due', 'deferred', 'informed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** A step in the register's history (art. 11.4): a deferral with its ground, or the informing. */
export const NOTIFICATION_EVENT_KINDS = ['deferred', 'informed'] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENT_KINDS)[number];

/** What the register shows: due, overdue, deferred, a deferral whose review date has come, or informed. */
export type NotificationStatus = 'due' | 'overdue' | 'deferred' | 'review_due' | 'informed';

/** Days after which a duty that was neither met nor deferred counts as overdue (art. 11.2: "op het moment dat"). */
export const NOTIFICATION_OVERDUE_DAYS = 28;

export function notificationStatus(
  duty: { state: NotificationState; dueSince: Date; reviewOn: string | null },
  today: string,
  now: Date,
): NotificationStatus {
  if (duty.state === 'informed') return 'informed';
  if (duty.state === 'deferred')
    return duty.reviewOn !== null && duty.reviewOn <= today ? 'review_due' : 'deferred';
  return now.getTime() - duty.dueSince.getTime() > NOTIFICATION_OVERDUE_DAYS * 86_400_000 ? 'overdue' : 'due';
}

const allow = (rule: string, reason: string): AccessDecision => ({ allowed: true, rule, reason });
const deny = (rule: string, reason: string): AccessDecision => ({ allowed: false, rule, reason });

/** Art. 11.3: the register is for the core parties (who consult on it) and the executor (who keeps it). */
export function canReadNotifications(actor: Actor): AccessDecision {
  if (actor.role === 'executor' || (actor.partyKind === 'core' && actor.role === 'member'))
    return allow('art. 11.3', 'the core parties and the executor keep the notification register');
  return deny('art. 11.3', 'only the core parties and the executor see the notification register');
}

/** Art. 11.3–11.4: a deferral follows the core parties' consultation; a core party member records it. */
export function canDeferNotification(actor: Actor): AccessDecision {
  if (actor.partyKind === 'core' && actor.role === 'member')
    return allow('art. 11.3', 'the core parties consult on deferring the notification');
  return deny('art. 11.3', 'only a core party records a deferral of the notification');
}

/** Art. 12.1, 11.2: the executor acts for the controller towards the subject, and records that it was informed. */
export function canRecordInforming(actor: Actor): AccessDecision {
  if (actor.role === 'executor')
    return allow('art. 11.2', 'the executor informs the subject for the controller');
  return deny('art. 11.2', 'only the executor records that the subject was informed');
}
