import { Type, type Static } from '@sinclair/typebox';
import { COMPARTMENT_NAMES } from '../live/compartments';
import { ACCESS_LEVELS } from '../domain/masking';
import { MEETING_KINDS } from '../domain/meetings';
import { MEMBERSHIP_ROLES } from '../domain/roles';
import { Id, literalUnion } from './common';

/** What one participant gets of one compartment, and the rule it rests on (explainable masking, art. 10.4–10.5). */
export const CompartmentVerdict = Type.Object({
  compartment: literalUnion(COMPARTMENT_NAMES),
  access: literalUnion(ACCESS_LEVELS),
  rule: Type.String(),
  /** The category a masked compartment is shown under ("Afgeschermd — persoonsgegevens"). */
  label: Type.Union([Type.String(), Type.Null()]),
});
export type CompartmentVerdict = Static<typeof CompartmentVerdict>;

export const ParticipantPolicyRow = Type.Object({
  membershipId: Id,
  name: Type.String(),
  organisation: Type.String(),
  role: literalUnion(MEMBERSHIP_ROLES),
  /** The participant's party (null for an executor outside the parties): disclosures are made to a party. */
  partyId: Type.Union([Id, Type.Null()]),
  compartments: Type.Array(CompartmentVerdict),
});
export type ParticipantPolicyRow = Static<typeof ParticipantPolicyRow>;

/**
 * The effective masking policy of a meeting: what the caller gets of each compartment; for the chair and the
 * executor also the whole table, per participant.
 */
export const MeetingPolicyView = Type.Object({
  meetingId: Id,
  kind: literalUnion(MEETING_KINDS),
  mine: Type.Array(CompartmentVerdict),
  participants: Type.Union([Type.Array(ParticipantPolicyRow), Type.Null()]),
});
export type MeetingPolicyView = Static<typeof MeetingPolicyView>;
