import { Type, type TSchema } from '@sinclair/typebox';
import type { MeetingState } from '../domain/meetings';
import type { MembershipRole } from '../domain/roles';
import type { DisclosableCompartment } from '../domain/disclosure';
import {
  CONSENT_REMARK_MAX,
  CONSENT_VOTES,
  ITEM_OUTCOMES,
  type ConsentVote,
  type ItemConsentState,
  type ItemOutcome,
} from '../domain/consent';
import type { ErrorCode } from '../errors';
import { LIMITS } from '../limits';
import { UUID_PATTERN } from '../api/common';
import { LIVE_PROTOCOL_VERSION } from './protocol';

/**
 * Meeting control over socket.io (typed events, tldraw style): presence, the chair's "now discussing", raised
 * hands and the meeting's state. The content itself travels as Yjs documents (protocol.ts).
 */
export const CONTROL_PATH = '/api/live/socket.io';

export interface PresentParticipant {
  membershipId: string;
  name: string;
  organisation: string;
  role: MembershipRole;
  /** When the raised hand went up (ISO time), or null: the chair takes hands in this order. */
  handRaisedAt: string | null;
  /** Since when (ISO time) the chair gave this participant the floor, or null. */
  floorSince: string | null;
}

/**
 * Which agenda items a participant is admitted to: the whole meeting, or only the listed items. Parties and
 * partners brought in for one case see only that case's items (art. 9.1, 10.5); the chair can change this live.
 */
export type Admission = 'all' | string[];

export interface ControlParticipant {
  membershipId: string;
  name: string;
  organisation: string;
  role: MembershipRole;
  items: Admission;
}

export interface MeetingControlState {
  protocolVersion: number;
  meetingId: string;
  state: MeetingState;
  /** The agenda item under discussion, chosen by the chair. */
  currentItemId: string | null;
  /** The agenda's items by planned position: when it differs from the screen's, the screen reloads the agenda. */
  agendaItemIds: string[];
  /** Time spent per agenda item so far, in seconds by item id; the current item's running turn is not in it. */
  discussedSeconds: Record<string, number>;
  /** While the meeting is open: since when (ISO time) the current item is discussed, its running turn. */
  currentItemSince: string | null;
  present: PresentParticipant[];
  /**
   * Open disclosures of the meeting's cases to external partners (art. 10.5): which field, to whom, proposed or in
   * effect; no content. Screens reload the disclosure list when this changes.
   */
  disclosures: {
    id: string;
    itemId: string;
    compartment: DisclosableCompartment;
    recipientPartyId: string;
    state: 'proposed' | 'active';
  }[];
  /** Everyone invited, with the items each is admitted to (organisers: always all). */
  participants: ControlParticipant[];
  /** The consent round per agenda item (only the items the reader is admitted to). */
  consent: ItemConsentState[];
}

/**
 * A refused event carries the same stable codes as the REST API (shared/errors.ts): BAD_REQUEST for a payload that
 * does not fit its schema, FORBIDDEN, NOT_FOUND, CONFLICT, RULE_VIOLATION, INTERNAL, and UNAVAILABLE while the
 * database cannot be reached (retry the same event shortly).
 */
export type ControlErrorCode = ErrorCode;
export type ControlAck =
  | { ok: true; state: MeetingControlState }
  | { ok: false; error: { code: ControlErrorCode; message: string; rule?: string; field?: string } };

/**
 * The handshake's `auth` payload: every client says which live protocol it speaks (LIVE_PROTOCOL_VERSION). One
 * that speaks another, or says none, is refused with `connect_error` PROTOCOL_MISMATCH: a page loaded before an
 * update must reload rather than send what this server no longer reads.
 */
// A type, not an interface: socket.io's `auth` option takes a plain record.
export type ControlHandshakeAuth = { protocolVersion: number };
export const controlHandshakeAuth = (): ControlHandshakeAuth => ({ protocolVersion: LIVE_PROTOCOL_VERSION });

/** Codes of a refused socket.io handshake (`connect_error` message, and `data.code`). */
export type ControlRefusalCode =
  | 'NOT_AUTHENTICATED'
  | 'TOO_MANY_CONNECTIONS'
  | 'NOT_CONNECTED'
  | 'PROTOCOL_MISMATCH'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ClientToServerEvents {
  'meeting:join': (payload: { meetingId: string }, ack: (result: ControlAck) => void) => void;
  'meeting:leave': (payload: { meetingId: string }, ack: (result: ControlAck) => void) => void;
  /** Chair only: scheduled → open. */
  'chair:open': (payload: { meetingId: string }, ack: (result: ControlAck) => void) => void;
  /** Chair only: move the meeting to an agenda item. */
  'chair:discuss': (
    payload: { meetingId: string; itemId: string },
    ack: (result: ControlAck) => void,
  ) => void;
  /**
   * Chair only: freezes the meeting into its record (open → closing → closed) and ends the live session. Refused
   * (CONFLICT) while an agenda item has no outcome.
   */
  'chair:close': (payload: { meetingId: string }, ack: (result: ControlAck) => void) => void;
  /**
   * Chair only: admit a participant to the whole meeting or to the listed agenda items only. Connections to
   * documents of items no longer admitted are closed (4403).
   */
  'chair:admit': (
    payload: { meetingId: string; membershipId: string; items: Admission },
    ack: (result: ControlAck) => void,
  ) => void;
  /**
   * Chair only: asks the item's participants to agree, starting a new round (earlier rounds stay recorded). A
   * weegploeg item proposes the decision recorded for it in this meeting; a casusoverleg item sends its proposal.
   */
  'chair:consent-ask': (
    payload: {
      meetingId: string;
      itemId: string;
      proposal?: { advice: 'continue'; nextReviewDate: string } | { advice: 'close' };
    },
    ack: (result: ControlAck) => void,
  ) => void;
  /** A participant entitled to vote on the item agrees, or objects with a remark, in the current round. */
  'consent:vote': (
    payload: { meetingId: string; itemId: string; vote: ConsentVote; remark?: string },
    ack: (result: ControlAck) => void,
  ) => void;
  /** Chair only: the item's outcome. 'agreed' needs an asked round; 'carried_over' moves it to a next meeting. */
  'chair:outcome': (
    payload: { meetingId: string; itemId: string; outcome: ItemOutcome },
    ack: (result: ControlAck) => void,
  ) => void;
  /** Raises or lowers the own hand (lowering takes it down in every tab of the user). */
  'hand:raise': (payload: { meetingId: string; raised: boolean }, ack: (result: ControlAck) => void) => void;
  /**
   * Chair only: lowers a present participant's hand; with `floor`, gives them the floor ("Het woord geven"),
   * which the one who had it before loses.
   */
  'chair:lower-hand': (
    payload: { meetingId: string; membershipId: string; floor: boolean },
    ack: (result: ControlAck) => void,
  ) => void;
}

export interface ServerToClientEvents {
  'meeting:state': (state: MeetingControlState) => void;
  /**
   * The user's authorisation changed while connected: what the screen may show must be asked again (policy,
   * meeting). Sent before the socket is re-authorised or, when the membership was revoked, disconnected.
   */
  'session:changed': (payload: { revoked: boolean }) => void;
  /**
   * The session this socket was opened with ended (logout, idle or absolute expiry, a newer login of the same
   * browser); the socket is disconnected right after. The client returns to the login screen.
   */
  'session:ended': (payload: {
    reason:
      | 'logout'
      | 'idle'
      | 'expired'
      | 'replaced'
      | 'password-changed'
      | 'second-factor-reset'
      /** Its owner ended it from another session (their list of sessions). */
      | 'ended-by-owner'
      /** The administrator ended every session of the user. */
      | 'ended-by-administrator';
  }) => void;
}

const Id = Type.String({ pattern: UUID_PATTERN, maxLength: 36 });
const payload = (properties: Parameters<typeof Type.Object>[0]) =>
  Type.Object(properties, { additionalProperties: false });
const Meeting = payload({ meetingId: Id });
const Item = payload({ meetingId: Id, itemId: Id });

/**
 * The shape of every meeting-control event's payload: ids, types, no unknown fields. The server checks each event
 * against it before any handler runs. Rules that need the database (who may, which state) stay with the server;
 * the proposal's own shape is checked by caseProposalOf, which gives the clearer message. A `hint` replaces the
 * generic message of a failing union.
 */
export const CONTROL_PAYLOADS = {
  'meeting:join': Meeting,
  'meeting:leave': Meeting,
  'chair:open': Meeting,
  'chair:close': Meeting,
  'chair:discuss': Item,
  'chair:admit': payload({
    meetingId: Id,
    membershipId: Id,
    items: Type.Union([Type.Literal('all'), Type.Array(Id, { maxItems: LIMITS.agendaItemsPerMeeting })], {
      hint: `must be 'all' or a list of at most ${LIMITS.agendaItemsPerMeeting} agenda item ids (UUIDs)`,
    }),
  }),
  'chair:consent-ask': payload({
    meetingId: Id,
    itemId: Id,
    proposal: Type.Optional(Type.Object({})),
  }),
  'consent:vote': payload({
    meetingId: Id,
    itemId: Id,
    vote: Type.Union(CONSENT_VOTES.map((v) => Type.Literal(v))),
    remark: Type.Optional(Type.String({ maxLength: CONSENT_REMARK_MAX })),
  }),
  'chair:outcome': payload({
    meetingId: Id,
    itemId: Id,
    outcome: Type.Union(ITEM_OUTCOMES.map((o) => Type.Literal(o))),
  }),
  'hand:raise': payload({ meetingId: Id, raised: Type.Boolean() }),
  'chair:lower-hand': payload({ meetingId: Id, membershipId: Id, floor: Type.Boolean() }),
} satisfies Record<keyof ClientToServerEvents, TSchema>;

/** The handshake's auth payload: the protocol version, nothing else is read. */
export const ControlHandshakeAuthSchema = Type.Object({ protocolVersion: Type.Integer() });
