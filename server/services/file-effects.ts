import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  caseFiles,
  meetings,
  notificationDuties,
  weighingDecisions,
  weighingFiles,
} from '../../db/schema/index';
import {
  isUpcoming,
  statesWhere,
  type ConsentProposal,
  type FileEffect,
  type ItemOutcome,
  type MeetingKind,
} from '../../shared/index';
import { putOnAgenda } from './meetings';
import { lapseProposals, takeWeighingDecision } from './weighing-decisions';

export interface FrozenItem {
  subjectId: string;
  weighingFileId: string | null;
  caseFileId: string | null;
  outcome: ItemOutcome;
  /** The proposal agreed to (null when carried over). */
  proposal: ConsentProposal | null;
}

interface FrozenMeeting {
  id: string;
  covenantId: string;
  kind: MeetingKind;
  scheduledAt: Date;
}

/** The first meeting of this kind scheduled after the frozen one, where a carried-over or new item goes. */
async function nextMeeting(tx: Executor, meeting: FrozenMeeting, kind: MeetingKind) {
  const [next] = await tx
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt })
    .from(meetings)
    .where(
      and(
        eq(meetings.covenantId, meeting.covenantId),
        eq(meetings.kind, kind),
        inArray(meetings.state, statesWhere(isUpcoming)),
        ne(meetings.id, meeting.id),
        gt(meetings.scheduledAt, meeting.scheduledAt),
      ),
    )
    .orderBy(asc(meetings.scheduledAt))
    .limit(1);
  return next ?? null;
}

async function placeOnNext(
  tx: Executor,
  meeting: FrozenMeeting,
  kind: MeetingKind,
  file: { id: string; subjectId: string },
): Promise<{ meetingId: string | null; scheduledAt: string | null }> {
  const next = await nextMeeting(tx, meeting, kind);
  // Already on that agenda counts as placed; a full agenda leaves it to the executor.
  const placed = next ? await putOnAgenda(tx, next.id, kind, file) : null;
  if (!next || placed === 'full' || placed === 'over') return { meetingId: null, scheduledAt: null };
  return { meetingId: next.id, scheduledAt: next.scheduledAt.toISOString() };
}

/**
 * Carries out what an agenda item's agreed outcome means for the files, in the freeze's transaction (so the
 * record and its effects are stored together, or neither), and returns what it did for the record.
 */
export async function applyFileEffects(
  tx: Executor,
  meeting: FrozenMeeting,
  item: FrozenItem,
  recordId: string,
  now: Date,
): Promise<FileEffect[]> {
  const effects: FileEffect[] = [];
  if (item.outcome === 'carried_over') {
    const file = item.weighingFileId ?? item.caseFileId!;
    // A proposal that was not agreed to lapses with the meeting; the next weegploeg weighs anew.
    if (item.weighingFileId) await lapseProposals(tx, meeting.id, item.weighingFileId);
    const next = await placeOnNext(tx, meeting, meeting.kind, { id: file, subjectId: item.subjectId });
    return [{ kind: 'carried_over', ...next }];
  }
  const proposal = item.proposal;
  if (proposal?.kind === 'weighing') {
    // The decision is taken now, with the record that shows it was agreed (art. 7.4).
    const decision = await takeWeighingDecision(tx, meeting.covenantId, proposal.decisionId, now);
    if (decision.caseFileId) {
      effects.push({ kind: 'case_file_copy', caseFileId: decision.caseFileId });
      const next = await placeOnNext(tx, meeting, 'case', {
        id: decision.caseFileId,
        subjectId: item.subjectId,
      });
      effects.push({ kind: 'case_agenda_entry', caseFileId: decision.caseFileId, ...next });
    }
    // Art. 11: a decision either way (agenda-ing or not) means the subject is to be informed.
    if (decision.outcome === 'agenda' || decision.outcome === 'not_substantial') {
      const dutyId = randomUUID();
      const inserted = await tx
        .insert(notificationDuties)
        .values({
          id: dutyId,
          covenantId: meeting.covenantId,
          subjectId: item.subjectId,
          weighingDecisionId: proposal.decisionId,
          recordId,
          state: 'due',
          dueSince: now,
        })
        .onConflictDoNothing()
        .returning({ id: notificationDuties.id });
      if (inserted.length > 0) effects.push({ kind: 'notification_duty', dutyId });
    }
    return effects;
  }
  if (proposal?.kind === 'case' && item.caseFileId) {
    if (proposal.advice === 'continue') {
      await tx
        .update(caseFiles)
        .set({ nextReviewOn: proposal.nextReviewDate, lastProcessedAt: now })
        .where(eq(caseFiles.id, item.caseFileId));
      effects.push({
        kind: 'next_review',
        caseFileId: item.caseFileId,
        nextReviewOn: proposal.nextReviewDate,
      });
      return effects;
    }
    // Art. 8.2f and 10.2h: the closure is recorded in the case file and in the weighing file it came from.
    await tx
      .update(caseFiles)
      .set({ status: 'closed', closedAt: now, closedByRecordId: recordId, lastProcessedAt: now })
      .where(eq(caseFiles.id, item.caseFileId));
    const [origin] = await tx
      .select({ fileId: weighingDecisions.fileId })
      .from(weighingDecisions)
      .where(eq(weighingDecisions.caseFileId, item.caseFileId))
      .limit(1);
    if (origin)
      await tx
        .update(weighingFiles)
        .set({ status: 'closed', closedAt: now, closedByRecordId: recordId, lastProcessedAt: now })
        .where(eq(weighingFiles.id, origin.fileId));
    effects.push({ kind: 'closure', caseFileId: item.caseFileId, weighingFileId: origin?.fileId ?? null });
  }
  return effects;
}
