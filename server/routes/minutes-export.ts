import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { agendaItems, referenceCriteria, referenceFrameworks } from '../../db/schema/index';
import {
  IdParams,
  LANGUAGES,
  dutchDay,
  isLanguage,
  withErrors,
  type Language,
  type MeetingRecordView,
} from '../../shared/index';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The criteria the analysis was typed against, by id → "G1 title", from every framework the reader's covenant ever
 * had: a meeting frozen before the framework was replaced still names its criteria. Only this covenant's: a key
 * typed into a live document cannot make another region's framework show up here.
 */
async function criterionNames(
  db: Database,
  covenantId: string,
  view: MeetingRecordView,
): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const item of view.items)
    for (const compartment of item.compartments ?? [])
      if (compartment.access === 'read' && typeof compartment.content === 'object')
        for (const key of Object.keys(compartment.content)) {
          const id = key.startsWith('criterion/') ? key.slice('criterion/'.length) : '';
          if (UUID.test(id)) ids.add(id);
        }
  if (ids.size === 0) return new Map();
  const rows = await db
    .select({ id: referenceCriteria.id, code: referenceCriteria.code, title: referenceCriteria.title })
    .from(referenceCriteria)
    .innerJoin(referenceFrameworks, eq(referenceFrameworks.id, referenceCriteria.frameworkId))
    .where(and(inArray(referenceCriteria.id, [...ids]), eq(referenceFrameworks.covenantId, covenantId)));
  return new Map(rows.map((row) => [row.id, `${row.code} ${row.title}`]));
}

/** The language asked for (`?lang=`), else the browser's first choice between Dutch and English, else Dutch. */
function readerLanguage(asked: Language | undefined, acceptLanguage: string | undefined): Language {
  if (asked) return asked;
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase())
    .find(isLanguage);
  return first ?? 'nl';
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
        querystring: Type.Object(
          {
            lang: Type.Optional(
              Type.Union(
                LANGUAGES.map((language) => Type.Literal(language)),
                { description: 'The language of the PDF: nl (default) or en' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
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
      const language = readerLanguage(request.query.lang, request.headers['accept-language']);
      const pdf = await renderMinutesPdf(
        view,
        { name: actor.displayName, organisation: actor.organisationName, capacity: actor.capacity },
        at,
        { language, criteria: await criterionNames(db, actor.covenantId, view) },
      );
      await appendAudit(db, await exportEntries(db, ctx, view));
      return (
        reply
          .header('content-type', 'application/pdf')
          // Named by kind and day, as the reader knows the meeting (the day in Dutch time).
          .header(
            'content-disposition',
            `attachment; filename="verslag-${view.kind === 'weighing' ? 'weegploeg' : 'casusoverleg'}-${dutchDay(new Date(view.scheduledAt))}.pdf"`,
          )
          .header('content-language', language)
          .header('cache-control', 'no-store')
          .send(pdf)
      );
    },
  );
};

export default minutesExportRoutes;
