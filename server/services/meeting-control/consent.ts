import { eq } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client';
import { meetings } from '../../../db/schema/index';
import type { ConsentVote } from '../../../shared/index';
import type { RequestContext } from '../../context';
import { byRequester, appendAudit } from '../audit';
import { askConsent, castVote, setOutcome } from '../consent';
import { chairOnly, CONTROL_PURPOSE, meetingOf } from './meeting';

type Step = (
  tx: Executor,
  meeting: { id: string; kind: string; state: string },
) => Promise<{ subjectId: string }>;

/** A consent step, in one transaction with the meeting locked (one change at a time), audited. */
async function consentStep(db: Database, ctx: RequestContext, meetingId: string, step: Step): Promise<void> {
  await meetingOf(db, ctx.actor, meetingId);
  await db.transaction(async (tx) => {
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    const { subjectId } = await step(tx, meeting!);
    await appendAudit(tx, [
      byRequester(ctx, {
        action: 'update',
        objectType: 'meeting',
        objectId: meetingId,
        subjectId,
        fieldGroup: 'consent',
        result: 'allowed',
        // The weegploeg decides on agenda-ing (art. 7.4); the casusoverleg on the plan of approach (art. 9.4).
        rule: meeting!.kind === 'weighing' ? 'art. 7.4' : 'art. 9.4',
        purpose: CONTROL_PURPOSE,
      }),
    ]);
  });
}

/** Chair: asks the item's participants to agree, starting a new round (services/consent.ts askConsent). */
export async function askForConsent(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  itemId: string,
  proposal: unknown,
): Promise<void> {
  chairOnly(ctx.actor);
  await consentStep(db, ctx, meetingId, (tx, meeting) =>
    askConsent(tx, meeting, itemId, ctx.actor, proposal),
  );
}

/** A participant entitled to vote on the item agrees, or objects with a remark, in the current round. */
export async function voteOnItem(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  itemId: string,
  vote: ConsentVote,
  remark?: string,
): Promise<void> {
  await consentStep(db, ctx, meetingId, (tx, meeting) =>
    castVote(tx, meeting, itemId, ctx.actor, vote, remark),
  );
}

/** Chair: the item's outcome, agreed in the current round or carried over. */
export async function recordOutcome(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  itemId: string,
  outcome: string,
): Promise<void> {
  chairOnly(ctx.actor);
  await consentStep(db, ctx, meetingId, (tx, meeting) => setOutcome(tx, meeting, itemId, ctx.actor, outcome));
}
