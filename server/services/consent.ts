import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  agendaItems,
  consentRounds,
  consentVotes,
  itemOutcomes,
  meetingAttendance,
  memberships,
  organisations,
  users,
  weighingDecisions,
} from '../../db/schema/index';
import {
  CONSENT_REMARK_MAX,
  CONSENT_VOTES,
  ITEM_OUTCOMES,
  caseProposalOf,
  coreAgreement,
  isInSession,
  mayVote,
  type Actor,
  type ConsentProposal,
  type ConsentVote,
  type ItemConsentState,
  type ItemOutcome,
  type MeetingState,
} from '../../shared/index';
import { refusal } from './meeting-control/refusal';
import { admissionOf, admits } from './admissions';
import { actorJoins } from './actors';
import { openText, sealText } from './sealed-text';
import { keyOwnerOf } from './sealing';

/** Where a sealed remark belongs (its additional data). */
const REMARK_COLUMN = 'consent_votes.remark';

interface OpenMeeting {
  id: string;
  kind: string;
  state: string;
}

function mustBeOpen(meeting: OpenMeeting) {
  if (!isInSession(meeting.state as MeetingState))
    throw refusal('CONFLICT', 'the consent round runs while the meeting is open');
}

async function itemOf(tx: Executor, meetingId: string, itemId: string) {
  const [item] = await tx
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)))
    .limit(1);
  if (!item) throw refusal('NOT_FOUND', 'no such agenda item in this meeting');
  return item;
}

async function currentRound(tx: Executor, itemId: string) {
  const [round] = await tx
    .select()
    .from(consentRounds)
    .where(eq(consentRounds.agendaItemId, itemId))
    .orderBy(desc(consentRounds.round))
    .limit(1);
  return round ?? null;
}

/**
 * The proposal for a weegploeg item is the decision recorded for its file in this meeting (art. 7.4, the Ministerial letter on early signalling, 2024:
 * findings per criterion, grounds, all three core parties), so what is agreed is what the file holds.
 */
async function weighingProposal(
  tx: Executor,
  meetingId: string,
  weighingFileId: string,
): Promise<ConsentProposal> {
  const [decision] = await tx
    .select({ id: weighingDecisions.id, outcome: weighingDecisions.outcome })
    .from(weighingDecisions)
    .where(
      and(
        eq(weighingDecisions.fileId, weighingFileId),
        eq(weighingDecisions.meetingId, meetingId),
        eq(weighingDecisions.state, 'proposed'),
      ),
    )
    .orderBy(desc(weighingDecisions.decidedAt))
    .limit(1);
  if (!decision)
    throw refusal(
      'CONFLICT',
      'propose the weegploeg decision for this subject in this meeting first, or carry the item over',
      'art. 7.4',
    );
  return { kind: 'weighing', decisionId: decision.id, outcome: decision.outcome };
}

/** Chair: starts a new consent round on an item; an outcome given earlier is withdrawn (the proposal changed). */
export async function askConsent(
  tx: Executor,
  meeting: OpenMeeting,
  itemId: string,
  chair: Pick<Actor, 'membershipId'>,
  proposalInput: unknown,
  now = new Date(),
): Promise<{ subjectId: string }> {
  mustBeOpen(meeting);
  const item = await itemOf(tx, meeting.id, itemId);
  let proposal: ConsentProposal;
  if (item.weighingFileId) {
    if (proposalInput !== undefined)
      throw refusal('BAD_REQUEST', 'a weegploeg item proposes its recorded decision; send no proposal');
    proposal = await weighingProposal(tx, meeting.id, item.weighingFileId);
  } else {
    const parsed = caseProposalOf(proposalInput);
    if (typeof parsed === 'string') throw refusal('BAD_REQUEST', parsed);
    proposal = parsed;
  }
  const previous = await currentRound(tx, itemId);
  await tx.delete(itemOutcomes).where(eq(itemOutcomes.agendaItemId, itemId));
  await tx.insert(consentRounds).values({
    id: randomUUID(),
    agendaItemId: itemId,
    round: (previous?.round ?? 0) + 1,
    proposal,
    askedByMembershipId: chair.membershipId,
    askedAt: now,
  });
  return { subjectId: item.subjectId };
}

/** A participant agrees or objects (with a remark) in the item's current round, while it has no outcome. */
export async function castVote(
  tx: Executor,
  meeting: OpenMeeting,
  itemId: string,
  actor: Actor,
  vote: unknown,
  remark: unknown,
  now = new Date(),
): Promise<{ subjectId: string }> {
  if (typeof vote !== 'string' || !(CONSENT_VOTES as readonly string[]).includes(vote))
    throw refusal('BAD_REQUEST', `vote must be one of ${CONSENT_VOTES.join(', ')}`);
  const text = typeof remark === 'string' ? remark.trim() : '';
  if (remark !== undefined && typeof remark !== 'string') throw refusal('BAD_REQUEST', 'remark must be text');
  if (text.length > CONSENT_REMARK_MAX)
    throw refusal('BAD_REQUEST', `remark must be at most ${CONSENT_REMARK_MAX} characters`);
  if (vote === 'object' && text === '')
    throw refusal('BAD_REQUEST', 'an objection needs a remark saying what is objected to');
  mustBeOpen(meeting);
  const item = await itemOf(tx, meeting.id, itemId);
  if (!mayVote(actor.role))
    throw refusal('FORBIDDEN', 'the chair and the executor do not vote for a party', 'art. 5');
  if (!admits(await admissionOf(tx, meeting.id, actor), itemId))
    throw refusal('FORBIDDEN', 'not admitted to this agenda item', 'art. 9.1');
  const round = await currentRound(tx, itemId);
  if (!round) throw refusal('CONFLICT', 'the chair has not asked for consent on this item');
  const [outcome] = await tx
    .select()
    .from(itemOutcomes)
    .where(eq(itemOutcomes.agendaItemId, itemId))
    .limit(1);
  if (outcome) throw refusal('CONFLICT', 'this item already has its outcome');
  // Whoever votes on an item took part in it: attendance per item (art. 10.5: who received what).
  await tx
    .insert(meetingAttendance)
    .values({ agendaItemId: itemId, membershipId: actor.membershipId, firstSeenAt: now })
    .onConflictDoNothing();
  const row = {
    roundId: round.id,
    membershipId: actor.membershipId,
    vote: vote as ConsentVote,
    // Sealed with the key of the item's file: a remark may describe the subject (art. 13, backups included).
    remark: text === '' ? null : await sealText(tx, keyOwnerOf(item), REMARK_COLUMN, text),
    votedAt: now,
  };
  await tx
    .insert(consentVotes)
    .values(row)
    .onConflictDoUpdate({
      target: [consentVotes.roundId, consentVotes.membershipId],
      set: { vote: row.vote, remark: row.remark, votedAt: now },
    });
  return { subjectId: item.subjectId };
}

/**
 * A weegploeg item is agreed only when the proposal put to the round is still the current one, and all three core
 * parties agreed to it with none objecting. Refused under art. 7.3 (the weegploeg, the core parties together,
 * assesses; the Ministerial letter on early signalling, 2024: integral), so the screen can tell it apart from the
 * missing proposal of art. 7.4.
 */
async function mustBeAgreedByCoreParties(
  tx: Executor,
  meetingId: string,
  roundId: string,
  decisionId: string,
): Promise<void> {
  const [decision] = await tx
    .select({ state: weighingDecisions.state, meetingId: weighingDecisions.meetingId })
    .from(weighingDecisions)
    .where(eq(weighingDecisions.id, decisionId))
    .limit(1);
  if (decision?.state !== 'proposed' || decision.meetingId !== meetingId)
    throw refusal(
      'CONFLICT',
      'the proposal put to this round was replaced by a newer one: ask for consent again',
      'art. 7.4',
    );
  // Only the votes of those who could cast them now count: a membership revoked since, a user disabled since or a
  // role that no longer votes for a party does not carry the decision (art. 15: a revocation takes effect at once).
  // Their votes stay on record; their party votes again through someone authorised.
  const cast = await tx
    .select({
      organisationType: organisations.type,
      vote: consentVotes.vote,
      role: memberships.role,
      disabledAt: users.disabledAt,
    })
    .from(consentVotes)
    .innerJoin(memberships, eq(memberships.id, consentVotes.membershipId))
    .innerJoin(users, actorJoins.users)
    .innerJoin(organisations, actorJoins.organisations)
    .where(and(eq(consentVotes.roundId, roundId), actorJoins.active));
  const votes = cast.filter((v) => v.disabledAt === null && mayVote(v.role));
  const { missing, objecting } = coreAgreement(votes);
  if (objecting.length > 0)
    throw refusal(
      'CONFLICT',
      `a core party objects (${objecting.join(', ')}): the weegploeg decides together, so change the proposal or carry the item over`,
      'art. 7.3',
    );
  if (missing.length > 0)
    throw refusal(
      'CONFLICT',
      `the three core parties decide together; not yet agreed by: ${missing.join(', ')}`,
      'art. 7.3',
    );
}

/** Chair: the item's outcome. Agreed means agreed in the current round; objections stay recorded with it. */
export async function setOutcome(
  tx: Executor,
  meeting: OpenMeeting,
  itemId: string,
  chair: Pick<Actor, 'membershipId'>,
  outcome: unknown,
  now = new Date(),
): Promise<{ subjectId: string }> {
  if (typeof outcome !== 'string' || !(ITEM_OUTCOMES as readonly string[]).includes(outcome))
    throw refusal('BAD_REQUEST', `outcome must be one of ${ITEM_OUTCOMES.join(', ')}`);
  mustBeOpen(meeting);
  const item = await itemOf(tx, meeting.id, itemId);
  const round = await currentRound(tx, itemId);
  if (outcome === 'agreed') {
    if (!round) throw refusal('CONFLICT', 'ask for consent on this item before recording it as agreed');
    const proposal = round.proposal as ConsentProposal;
    if (proposal.kind === 'weighing')
      await mustBeAgreedByCoreParties(tx, meeting.id, round.id, proposal.decisionId);
  }
  const row = {
    agendaItemId: itemId,
    outcome: outcome as ItemOutcome,
    roundId: outcome === 'agreed' ? round!.id : null,
    decidedByMembershipId: chair.membershipId,
    decidedAt: now,
  };
  await tx
    .insert(itemOutcomes)
    .values(row)
    .onConflictDoUpdate({
      target: itemOutcomes.agendaItemId,
      set: {
        outcome: row.outcome,
        roundId: row.roundId,
        decidedByMembershipId: chair.membershipId,
        decidedAt: now,
      },
    });
  return { subjectId: item.subjectId };
}

/** Every round of the meeting's items with its votes, oldest first: for the meeting state and the record. */
export async function consentRecordOf(tx: Executor, meetingId: string) {
  const rounds = await tx
    .select({
      id: consentRounds.id,
      itemId: consentRounds.agendaItemId,
      round: consentRounds.round,
      proposal: consentRounds.proposal,
      askedByMembershipId: consentRounds.askedByMembershipId,
      askedAt: consentRounds.askedAt,
    })
    .from(consentRounds)
    .innerJoin(agendaItems, eq(agendaItems.id, consentRounds.agendaItemId))
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(consentRounds.agendaItemId), asc(consentRounds.round));
  const votes = rounds.length
    ? await tx
        .select({
          roundId: consentVotes.roundId,
          membershipId: consentVotes.membershipId,
          name: users.displayName,
          organisation: organisations.name,
          vote: consentVotes.vote,
          remark: consentVotes.remark,
          votedAt: consentVotes.votedAt,
          weighingFileId: agendaItems.weighingFileId,
          caseFileId: agendaItems.caseFileId,
        })
        .from(consentVotes)
        .innerJoin(consentRounds, eq(consentRounds.id, consentVotes.roundId))
        .innerJoin(agendaItems, eq(agendaItems.id, consentRounds.agendaItemId))
        .innerJoin(memberships, eq(memberships.id, consentVotes.membershipId))
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
        .where(
          inArray(
            consentVotes.roundId,
            rounds.map((r) => r.id),
          ),
        )
        .orderBy(asc(organisations.name), asc(users.displayName))
    : [];
  const outcomes = await tx
    .select({
      itemId: itemOutcomes.agendaItemId,
      outcome: itemOutcomes.outcome,
      roundId: itemOutcomes.roundId,
      decidedByMembershipId: itemOutcomes.decidedByMembershipId,
      decidedAt: itemOutcomes.decidedAt,
    })
    .from(itemOutcomes)
    .innerJoin(agendaItems, eq(agendaItems.id, itemOutcomes.agendaItemId))
    .where(eq(agendaItems.meetingId, meetingId));
  // A remark is sealed with the key of the item's file (art. 13: it goes with the file, backups included).
  const opened = await Promise.all(
    votes.map(async ({ weighingFileId, caseFileId, ...v }) => ({
      ...v,
      remark: await openText(tx, (weighingFileId ?? caseFileId)!, REMARK_COLUMN, v.remark),
    })),
  );
  return {
    rounds: rounds.map((r) => ({
      ...r,
      proposal: r.proposal as ConsentProposal,
      votes: opened.filter((v) => v.roundId === r.id),
    })),
    outcomes: outcomes.map((o) => ({ ...o, outcome: o.outcome })),
  };
}

/** The consent state per item for the meeting's control state: the current round and the outcome. */
export async function meetingConsent(tx: Executor, meetingId: string): Promise<ItemConsentState[]> {
  const { rounds, outcomes } = await consentRecordOf(tx, meetingId);
  const items = new Set([...rounds.map((r) => r.itemId), ...outcomes.map((o) => o.itemId)]);
  return [...items].sort().map((itemId) => {
    const round = rounds.filter((r) => r.itemId === itemId).at(-1) ?? null;
    return {
      itemId,
      round: round?.round ?? null,
      proposal: round?.proposal ?? null,
      votes: (round?.votes ?? []).map(({ membershipId, name, organisation, vote, remark }) => ({
        membershipId,
        name,
        organisation,
        vote,
        remark,
      })),
      outcome: outcomes.find((o) => o.itemId === itemId)?.outcome ?? null,
    };
  });
}
