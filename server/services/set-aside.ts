import { SEALED_OVERHEAD } from './file-cipher';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { meetings, yjsSetAside } from '../../db/schema/index';
import { canReviewSetAsideUpdates, parseDocName, type SetAsideUpdates } from '../../shared/index';
import type { RequestContext } from '../context';
import { enforce } from './authorize';

const PURPOSE = 'beveiliging: bescherming tegen verlies (convenant art. 15.1)';

/** The set-aside live updates of the executor's covenant, newest first. */
export async function setAsideUpdates(db: Database, ctx: RequestContext): Promise<SetAsideUpdates> {
  await enforce(db, ctx, canReviewSetAsideUpdates(ctx.actor), {
    action: 'list',
    objectType: 'live_document',
    purpose: PURPOSE,
  });
  const rows = await db
    .select({
      id: yjsSetAside.id,
      docName: yjsSetAside.docName,
      source: yjsSetAside.source,
      reason: yjsSetAside.reason,
      // The update's own size: a sealed one (file_id set) carries the cipher's overhead besides.
      bytes: sql<number>`octet_length(${yjsSetAside.update}) - case when ${yjsSetAside.fileId} is null then 0 else ${SEALED_OVERHEAD} end`,
      setAsideAt: yjsSetAside.setAsideAt,
    })
    .from(yjsSetAside)
    .orderBy(desc(yjsSetAside.id));
  const addressed = rows.flatMap((row) => {
    const address = parseDocName(row.docName);
    return address ? [{ row, address }] : [];
  });
  const meetingIds = [...new Set(addressed.map(({ address }) => address.meetingId))];
  const ours = new Set(
    meetingIds.length === 0
      ? []
      : (
          await db
            .select({ id: meetings.id })
            .from(meetings)
            .where(and(inArray(meetings.id, meetingIds), eq(meetings.covenantId, ctx.actor.covenantId)))
        ).map((m) => m.id),
  );
  return {
    updates: addressed
      .filter(({ address }) => ours.has(address.meetingId))
      .map(({ row, address }) => ({
        id: row.id,
        meetingId: address.meetingId,
        itemId: address.itemId,
        compartment: address.compartment,
        source: row.source,
        reason: row.reason,
        bytes: Number(row.bytes),
        setAsideAt: row.setAsideAt.toISOString(),
      })),
  };
}
