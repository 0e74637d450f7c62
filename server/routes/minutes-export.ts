import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { agendaItems } from '../../db/schema/index';
import { IdParams, withErrors, type MeetingRecordView } from '../../shared/index';
import type { RequestContext } from '../context';
import { contextOf } from '../plugins/session';
import { appendAudit, type AuditEntry } from '../services/audit';
import { readMinutes } from '../services/minutes';
import { renderMinutesPdf } from '../services/minutes-pdf';

const PURPOSE = 'export van het vastgestelde verslag als PDF (convenant art. 10.4, 10.5, 14)';

/**
 * One audit row per subject whose item the PDF shows (the access review asks per subject who holds a copy), or one
 * row without a subject when it shows none.
 */
async function exportEntries(
  db: Database,
  ctx: RequestContext,
  view: MeetingRecordView,
): Promise<AuditEntry[]> {
  const itemIds = view.items.filter((item) => item.admitted).map((item) => item.itemId);
  const subjects = itemIds.length
    ? await db
        .select({ subjectId: agendaItems.subjectId })
        .from(agendaItems)
        .where(inArray(agendaItems.id, itemIds))
    : [];
  const subjectIds = subjects.length ? subjects.map((s) => s.subjectId) : [null];
  return subjectIds.map((subjectId) => ({
    actor: ctx.actor,
    origin: ctx.origin,
    action: 'read',
    objectType: 'meeting_record',
    objectId: view.recordId,
    subjectId,
    fieldGroup: 'pdf',
    result: 'allowed',
    rule: view.kind === 'weighing' ? 'art. 8.4' : 'art. 10.4',
    purpose: PURPOSE,
  }));
}

/**
 * The frozen minutes as a PDF for the reader who asks: exactly their masked view of the record, with
 * their name on every page. `readMinutes` enforces participation and audits the view per subject; the export
 * itself is audited once more, per subject, as a read of the record in field group `pdf`: a copy left the system.
 */
const minutesExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/meetings/:id/record/pdf',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The frozen minutes as a PDF, through my masking policy, with my name on every page',
        params: IdParams,
        produces: ['application/pdf', 'application/json'],
        // The bytes are sent as they are (fastify serialises no Buffer); the schema documents them.
        response: withErrors({
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The minutes (PDF)' }),
        }),
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const view = await readMinutes(db, ctx, request.params.id);
      const at = new Date();
      const { actor } = ctx;
      const pdf = await renderMinutesPdf(
        view,
        { name: actor.displayName, organisation: actor.organisationName, capacity: actor.capacity },
        at,
      );
      await appendAudit(db, await exportEntries(db, ctx, view));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="verslag-${view.meetingId}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};

export default minutesExportRoutes;
