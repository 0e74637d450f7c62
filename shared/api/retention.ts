import { Type, type Static } from '@sinclair/typebox';
import { MEETING_STATES } from '../domain/meetings';
import { Id, Instant, literalUnion } from './common';

/**
 * Retention at a glance for the executor (art. 13): per file what happens next and when, with the covenant's
 * periods. References only — no names.
 */
export const Postponement = Type.Object({
  since: Instant,
  meetingId: Id,
  meetingTitle: Type.String(),
  meetingScheduledAt: Instant,
  meetingState: literalUnion(MEETING_STATES),
  overdue: Type.Boolean(),
});
export type Postponement = Static<typeof Postponement>;

/** Postponed steps past the notice period, for the executor and the officer (art. 13, art. 15.2e). */
export const OverduePostponements = Type.Object({
  noticeMonths: Type.Integer(),
  files: Type.Array(
    Type.Object({
      kind: literalUnion(['weighing', 'case'] as const),
      fileId: Id,
      subjectReference: Type.String(),
      action: literalUnion(['archive', 'destroy'] as const),
      postponed: Postponement,
    }),
  ),
});
export type OverduePostponements = Static<typeof OverduePostponements>;

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
      /**
       * The step is due but waits: the file is on the agenda of a meeting that is not closed (art. 13 is applied
       * after the meeting). `since` is when the step fell due; `overdue` once the meeting's date lies more than the
       * covenant's notice period in the past (cancel the meeting or take the item off its agenda).
       */
      postponed: Type.Union([Postponement, Type.Null()]),
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
