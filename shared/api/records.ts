import { Type, type Static } from '@sinclair/typebox';
import { COMPARTMENT_NAMES } from '../live/compartments';
import { MEETING_KINDS } from '../domain/meetings';
import { CONSENT_VOTES, ITEM_OUTCOMES } from '../domain/consent';
import { DecisionView } from './weighing';
import { Id, Instant, literalUnion } from './common';

/** A compartment of a frozen record as one reader may see it: its content, or only that it exists and why not. */
export const RecordCompartmentView = Type.Union([
  Type.Object({
    compartment: literalUnion(COMPARTMENT_NAMES),
    access: Type.Literal('read'),
    /** Readable content per Yjs type name (texts as strings, measures and agenda entries as objects). */
    content: Type.Record(Type.String(), Type.Unknown()),
    /** Shown because it was disclosed to the reader's organisation (art. 10.5). */
    disclosed: Type.Boolean(),
  }),
  Type.Object({
    compartment: literalUnion(COMPARTMENT_NAMES),
    access: Type.Literal('masked'),
    label: Type.Union([Type.String(), Type.Null()]),
    rule: Type.String(),
  }),
]);
export type RecordCompartmentView = Static<typeof RecordCompartmentView>;

export const RecordItemView = Type.Object({
  itemId: Id,
  position: Type.Integer(),
  /** False: an item the reader was not admitted to, shown as an anonymous placeholder. */
  admitted: Type.Boolean(),
  subjectReference: Type.Union([Type.String(), Type.Null()]),
  attendance: Type.Array(Type.Object({ name: Type.String(), organisation: Type.String() })),
  compartments: Type.Array(RecordCompartmentView),
  /** Null for an item the reader was not admitted to. */
  outcome: Type.Union([literalUnion(ITEM_OUTCOMES), Type.Null()]),
  /** Every consent round with every vote; objections are recorded, never hidden. */
  rounds: Type.Array(
    Type.Object({
      round: Type.Integer(),
      /** What was proposed: a weegploeg decision's outcome, or the plan's advice and next review date. */
      proposal: Type.Record(Type.String(), Type.Unknown()),
      agreed: Type.Boolean(),
      votes: Type.Array(
        Type.Object({
          name: Type.String(),
          organisation: Type.String(),
          vote: literalUnion(CONSENT_VOTES),
          remark: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    }),
  ),
  /** The weegploeg decision agreed to, for readers of the conclusions. */
  decision: Type.Union([DecisionView, Type.Null()]),
  /** What the outcome did to the files (shared/domain/file-effects.ts). */
  effects: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});
export type RecordItemView = Static<typeof RecordItemView>;

/** Frozen minutes through the reader's own masking policy, with the record's integrity. */
export const MeetingRecordView = Type.Object({
  recordId: Id,
  meetingId: Id,
  kind: literalUnion(MEETING_KINDS),
  title: Type.String(),
  scheduledAt: Instant,
  frozenAt: Instant,
  /** The record's hash in its covenant's chain, and whether content and metadata still match it. */
  hash: Type.String(),
  verified: Type.Boolean(),
  items: Type.Array(RecordItemView),
});
export type MeetingRecordView = Static<typeof MeetingRecordView>;
