import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  caseFiles,
  notificationDuties,
  notificationEvents,
  partyNotices,
  subjectKeys,
  subjectRequests,
  subjects,
  weighingFiles,
} from '../../db/schema/index';
import { addMonths, fromDutchWallClock, type CovenantPolicy } from '../../shared/index';
import { appendAudit } from './audit';
import { destroySubjectKey, lockSubjectTexts } from './subject-keys';

/** Whether a file of the subject is not destroyed yet. */
export async function filesLeft(tx: Executor, subjectId: string): Promise<boolean> {
  for (const table of [weighingFiles, caseFiles]) {
    const [left] = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.subjectId, subjectId), isNull(table.destroyedAt)))
      .limit(1);
    if (left) return true;
  }
  return false;
}

/**
 * Once no file of the subject is left, the register of the subject's requests (art. 12) keeps its steps — kind,
 * dates, decision, ground — but not the free text, which may describe the subject (what was asked, the reasons);
 * the notices to the parties about the subject (art. 12.6) have served their purpose and go; and the notification
 * register (art. 11) loses how the subject was informed. The subject's key goes with them.
 */
export async function forgetSubjectTexts(tx: Executor, subjectId: string, rule: string, now: Date) {
  // No text is sealed with the subject's key from here on: a request that comes in meanwhile waits, is blanked
  // below, and a later one gets a new key.
  await lockSubjectTexts(tx, subjectId);
  await tx
    .update(subjectRequests)
    .set({
      details: '',
      reasoning: sql`case when ${subjectRequests.reasoning} is null then null else '' end`,
    })
    .where(eq(subjectRequests.subjectId, subjectId));
  await tx.delete(partyNotices).where(eq(partyNotices.subjectId, subjectId));
  // The notification register (art. 11) keeps that and when the subject was informed, not how: free text that
  // may say where the subject lives or who brought the letter.
  const duties = tx
    .select({ id: notificationDuties.id })
    .from(notificationDuties)
    .where(eq(notificationDuties.subjectId, subjectId));
  await tx
    .update(notificationEvents)
    .set({ informedHow: null })
    .where(inArray(notificationEvents.dutyId, duties));
  await tx
    .update(notificationDuties)
    .set({ informedHow: null })
    .where(eq(notificationDuties.subjectId, subjectId));
  // Blanked above in this database; the key's destruction makes the same texts unreadable in every backup.
  await destroySubjectKey(tx, subjectId, rule, now);
}

/** A calendar date's start in Dutch time. */
const dayStart = (day: string | null) => (day ? (fromDutchWallClock(`${day}T00:00`)?.getTime() ?? 0) : 0);

/** The last step taken on the subject's requests (art. 12) and notification (art. 11); 0 when none. */
async function lastStepOf(tx: Executor, subjectId: string): Promise<number> {
  const requests = await tx
    .select({
      createdAt: subjectRequests.createdAt,
      days: sql<
        (string | null)[]
      >`array[${subjectRequests.receivedOn}::text, ${subjectRequests.decidedOn}::text,
        ${subjectRequests.carriedOutOn}::text, ${subjectRequests.partiesNotifiedOn}::text]`,
    })
    .from(subjectRequests)
    .where(eq(subjectRequests.subjectId, subjectId));
  const events = await tx
    .select({ at: notificationEvents.at, informedOn: notificationEvents.informedOn })
    .from(notificationEvents)
    .innerJoin(notificationDuties, eq(notificationDuties.id, notificationEvents.dutyId))
    .where(eq(notificationDuties.subjectId, subjectId));
  return Math.max(
    0,
    ...requests.flatMap((r) => [r.createdAt.getTime(), ...r.days.map(dayStart)]),
    ...events.flatMap((e) => [e.at.getTime(), dayStart(e.informedOn)]),
  );
}

/**
 * A subject may ask (art. 12), or be informed (art. 11.5), after its files were destroyed: that text is then held
 * by no file, so no file's destruction removes it. It is kept as long as any personal data (art. 13.1: five
 * years, the covenant's `destroyAfterYears`, after the last processing, here the last step on the subject's
 * requests and notification) and then forgotten the same way. Decided again under the subject's lock, so a step
 * taken meanwhile counts.
 */
export async function forgetLeftoverSubjects(
  db: Database,
  policies: Map<string, CovenantPolicy['retention']>,
  now: Date,
): Promise<number> {
  const live = await db
    .select({
      subjectId: subjectKeys.subjectId,
      covenantId: subjects.covenantId,
      createdAt: subjectKeys.createdAt,
    })
    .from(subjectKeys)
    .innerJoin(subjects, eq(subjects.id, subjectKeys.subjectId))
    // Only subjects without a file left: the others' texts go with their last file. Checked again under the lock.
    .where(
      and(
        isNull(subjectKeys.destroyedAt),
        sql`not exists (select 1 from weighing.weighing_files w where w.subject_id = ${subjectKeys.subjectId}
              and w.destroyed_at is null)`,
        sql`not exists (select 1 from casefile.case_files c where c.subject_id = ${subjectKeys.subjectId}
              and c.destroyed_at is null)`,
      ),
    );
  let forgotten = 0;
  for (const key of live) {
    const years = policies.get(key.covenantId)?.destroyAfterYears ?? 5;
    // A key with no step on record (its texts sealed by `data:seal`, say) counts from when it was made.
    const due = async (tx: Executor) =>
      addMonths(new Date((await lastStepOf(tx, key.subjectId)) || key.createdAt.getTime()), years * 12) <=
      now;
    if (!(await due(db))) continue;
    const done = await db.transaction(async (tx) => {
      await lockSubjectTexts(tx, key.subjectId);
      if ((await filesLeft(tx, key.subjectId)) || !(await due(tx))) return false;
      await forgetSubjectTexts(tx, key.subjectId, 'art. 13.1', now);
      await appendAudit(
        tx,
        [
          {
            actor: null,
            origin: { ip: null, userAgent: 'retention job' },
            action: 'destroy',
            objectType: 'subject_request',
            subjectId: key.subjectId,
            fieldGroup: 'free_text',
            result: 'allowed',
            rule: 'art. 13.1',
            purpose: 'bewaartermijn (convenant art. 13)',
          },
        ],
        now,
      );
      return true;
    });
    if (done) forgotten += 1;
  }
  return forgotten;
}
