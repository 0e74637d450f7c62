import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, literalUnion } from './common';

/**
 * Retention at a glance for the executor (art. 13): per file what happens next and when, with the covenant's
 * periods. References only — no names.
 */
export const RetentionOverview = Type.Object({
  policy: Type.Object({
    notAgendaedMaxMonths: Type.Integer(),
    archiveAfterMonths: Type.Integer(),
    destroyAfterYears: Type.Integer(),
  }),
  files: Type.Array(
    Type.Object({
      kind: literalUnion(['weighing', 'case'] as const),
      fileId: Id,
      subjectReference: Type.String(),
      status: Type.String(),
      lastProcessedAt: Instant,
      archivedAt: Type.Union([Instant, Type.Null()]),
      next: Type.Union([
        Type.Object({
          action: literalUnion(['archive', 'destroy'] as const),
          at: Instant,
          rule: Type.String(),
        }),
        Type.Null(),
      ]),
    }),
  ),
});
export type RetentionOverview = Static<typeof RetentionOverview>;

/** Art. 13.4: restore an archived file for renewed processing, on the controller's order (stated). */
export const RestoreFileBody = Type.Object(
  {
    kind: literalUnion(['weighing', 'case'] as const),
    fileId: Id,
    /** The controller's order: who ordered it, and why renewed processing is needed. */
    order: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type RestoreFileBody = Static<typeof RestoreFileBody>;
