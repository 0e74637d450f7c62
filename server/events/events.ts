import type { Admission, ServerToClientEvents } from '../../shared/index';

/** Why a session ended, as its live clients are told (`session:ended`). */
type SessionEndReason = Parameters<ServerToClientEvents['session:ended']>[0]['reason'];

/**
 * What happened in the domain that open live connections must follow. Ids and codes only: no object references
 * and no personal data, so that an event can cross instances as JSON (e.g. over Redis) unchanged.
 */
export type DomainEvent =
  /** A membership's role, capacity or validity changed (convenant art. 15: granting, changing, revoking). */
  | { type: 'membership.changed'; membershipId: string }
  /**
   * A session ended (logout, a newer login of the same browser, idle or absolute expiry, a password change in
   * another session, a reset of the second factor): art. 15.2d.
   */
  | { type: 'session.ended'; sessionId: string; reason: SessionEndReason }
  /**
   * A disclosure of a case took effect or ended (art. 10.5). On revocation: which field stopped going to which
   * party, whose open connections to it close at once.
   */
  | {
      type: 'disclosure.changed';
      caseFileId: string;
      revoked?: { compartment: string; recipientPartyId: string };
    }
  /** A participant's admission to a meeting's agenda items changed (art. 9.1, 10.5). */
  | { type: 'admission.changed'; meetingId: string; membershipId: string; items: Admission }
  /** An item was put on a meeting's agenda. */
  | { type: 'agenda.changed'; meetingId: string }
  /** A meeting is being frozen into its record: its documents are read only from now on. */
  | { type: 'meeting.fenced'; meetingId: string }
  /** A freeze failed after the fence: the meeting is open again, and its documents may be written again. */
  | { type: 'meeting.fence-lifted'; meetingId: string }
  /** A meeting is frozen into its record: its live session is over. */
  | { type: 'meeting.frozen'; meetingId: string }
  /** A meeting was called off before it began (art. 5): its live documents close and are refused from now on. */
  | { type: 'meeting.cancelled'; meetingId: string }
  /**
   * An item was taken off a meeting's agenda before it was discussed (art. 5): the name prefixes of its live
   * documents, which were deleted and of which no instance may keep a copy in memory.
   */
  | { type: 'agenda-item.removed'; meetingId: string; documents: string[] }
  /**
   * A participant's raised hand in a live meeting went down (lowered by the chair or by themselves); with `floor`,
   * the chair gave them the floor at `at` (ISO time). Each instance updates the sockets it holds.
   */
  | { type: 'hand.lowered'; meetingId: string; membershipId: string; floor: boolean; at: string }
  /** A file was destroyed (art. 13): the name prefixes of its live documents, none of which may stay in memory. */
  | { type: 'file.destroyed'; documents: string[] };

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/**
 * Events that take no access away: agenda and presence news, and a session's end (which session-watch.ts checks on
 * its own as a connection joins). Every other event may revoke what a handshake decided a moment before.
 */
const TAKES_NO_ACCESS_AWAY: ReadonlySet<DomainEventType> = new Set([
  'agenda.changed',
  'hand.lowered',
  'session.ended',
]);

export const mayTakeAccessAway = (event: DomainEvent): boolean => !TAKES_NO_ACCESS_AWAY.has(event.type);
