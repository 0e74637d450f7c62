import type { Executor } from '../../db/client';
import type { ConsentVoteView, MaskingPolicy, MeetingKind, PolicyParticipant } from '../../shared/index';
import { maskingPolicyOf } from './masking';
import { readsInRecord } from './record-access';

/**
 * Whose eyes an objection's remark is for. A consent round is about the item's decision: a weegploeg item's
 * recorded decision (art. 7.4), a casusoverleg item's advice to go on with the plan until a next review or to close
 * it (art. 9.4). That decision and its grounds are the item's conclusions compartment, and a remark objecting to
 * it speaks of the case as much as they do; so it is as sensitive as that compartment. Not the plan: external
 * partners receive the plan (art. 10.5), not the parties' deliberation on it. The existing compartment is used, not
 * a rule of its own in the policy, so a region that opens or closes its conclusions (or discloses them to a
 * partner, art. 10.5) opens or closes the remarks with them, and the policy table stays one row per compartment.
 */
export const REMARK_COMPARTMENT = 'conclusions' as const;

export interface RemarkReader extends PolicyParticipant {
  membershipId: string;
}

/** An item's disclosure as the meeting state and the record keep it (art. 10.5). */
interface Disclosure {
  compartment: string;
  recipientPartyId: string;
  state: string;
}

/** What the server needs besides a meeting's state to give each reader the remarks it may read. */
export interface RemarkBasis {
  meetingKind: MeetingKind;
  policy: MaskingPolicy;
}

/** The meeting's kind and the covenant's masking policy; null without a meeting (nobody reads any remark then). */
export async function remarkBasisOf(
  db: Executor,
  meeting: { kind: MeetingKind; covenantId: string } | undefined,
): Promise<RemarkBasis | null> {
  if (!meeting) return null;
  return { meetingKind: meeting.kind, policy: await maskingPolicyOf(db, meeting.covenantId) };
}

/**
 * Whether this reader reads the remarks of an item: by the policy on the conclusions compartment, or because the
 * conclusions of the item's case were disclosed to its party (art. 10.5). The rule is the one a masked remark
 * shows.
 */
export function readsRemarks(
  basis: RemarkBasis | null,
  reader: PolicyParticipant,
  disclosures: readonly Disclosure[],
): { reads: boolean; rule: string } {
  if (!basis) return { reads: false, rule: 'art. 10.4' };
  const { reads, verdict } = readsInRecord(
    basis.policy,
    reader,
    basis.meetingKind,
    REMARK_COMPARTMENT,
    disclosures,
  );
  return { reads, rule: verdict.rule };
}

/**
 * The votes as this reader may see them: the vote and who cast it always (objections are never hidden), the remark
 * only for readers of the conclusions, and to its own author (who wrote it, and may change the objection).
 */
export function votesFor<V extends Pick<ConsentVoteView, 'membershipId' | 'remark'>>(
  votes: readonly V[],
  reader: Pick<RemarkReader, 'membershipId'>,
  access: { reads: boolean; rule: string },
): (V & Pick<ConsentVoteView, 'remarkMasked'>)[] {
  return votes.map((vote) =>
    vote.remark === null || access.reads || vote.membershipId === reader.membershipId
      ? vote
      : { ...vote, remark: null, remarkMasked: { rule: access.rule } },
  );
}
