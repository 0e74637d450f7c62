import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { covenants, meetingParticipants } from '../../db/schema/index';
import {
  MODEL_MASKING_POLICY,
  compartmentVerdicts,
  type Actor,
  type CompartmentVerdict,
  type MaskingPolicy,
  type MeetingKind,
  type MeetingPolicyView,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { loadActor } from './actors';
import { enforceParticipant, findMeeting } from './meetings';

/** The covenant's masking policy; the model convenant's for a covenant stored before policies existed. */
export async function maskingPolicyOf(db: Executor, covenantId: string): Promise<MaskingPolicy> {
  const [row] = await db
    .select({ policy: covenants.policy })
    .from(covenants)
    .where(eq(covenants.id, covenantId))
    .limit(1);
  return maskingPolicyFrom(row?.policy.masking);
}

/** A covenant's masking policy from its stored policy; the model's where none is stored. */
export const maskingPolicyFrom = (masking: MaskingPolicy | null | undefined): MaskingPolicy =>
  masking ?? MODEL_MASKING_POLICY;

const verdicts = (policy: MaskingPolicy, actor: Actor, meetingKind: MeetingKind): CompartmentVerdict[] =>
  compartmentVerdicts(policy, actor, meetingKind);

/**
 * The effective policy of a meeting, so every masked field can say why (the rule) and the chair and executor can
 * see the whole table. The policy holds no personal data; participants' names are already in the meeting.
 */
export async function meetingPolicy(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
): Promise<MeetingPolicyView> {
  const meeting = await findMeeting(db, ctx.actor.covenantId, meetingId);
  await enforceParticipant(db, ctx, meetingId);
  const kind = meeting.kind;
  const policy = await maskingPolicyOf(db, ctx.actor.covenantId);
  const organiser = ctx.actor.role === 'chair' || ctx.actor.role === 'executor';
  let participants: MeetingPolicyView['participants'] = null;
  if (organiser) {
    const invited = await db
      .select({ membershipId: meetingParticipants.membershipId })
      .from(meetingParticipants)
      .where(eq(meetingParticipants.meetingId, meetingId));
    const actors = (await Promise.all(invited.map((p) => loadActor(db, p.membershipId)))).filter(
      (a): a is Actor => a !== null,
    );
    participants = actors
      .sort(
        (a, b) =>
          a.organisationName.localeCompare(b.organisationName) || a.displayName.localeCompare(b.displayName),
      )
      .map((actor) => ({
        membershipId: actor.membershipId,
        name: actor.displayName,
        organisation: actor.organisationName,
        role: actor.role,
        partyId: actor.partyId,
        compartments: verdicts(policy, actor, kind),
      }));
  }
  return { meetingId, kind, mine: verdicts(policy, ctx.actor, kind), participants };
}
