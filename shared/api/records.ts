import { Type, type Static } from '@sinclair/typebox';
import { COMPARTMENT_NAMES } from '../live/compartments';
import { MEETING_KINDS } from '../domain/meetings';
import { CONSENT_VOTES, ITEM_OUTCOMES } from '../domain/consent';
import { DecisionView } from './weighing';
import { Id, Instant, LongText, PartyRef, ShortText, literalUnion } from './common';

/** A correction of one field of a frozen record, itself a record in the chain (art. 12). */
export const RectificationView = Type.Object({
  recordId: Id,
  hash: Type.String(),
  field: Type.String(),
  reason: Type.String(),
  rectifiedAt: Instant,
  /** Only for the executor who asked for the originals (audited). */
  original: Type.Optional(Type.String()),
  /** In the answer to a correction: how many parties were sent a notice of it (art. 12.6). */
  partiesNotified: Type.Optional(Type.Integer()),
});
export type RectificationView = Static<typeof RectificationView>;

/** Art. 12: correct one text field of a frozen record's compartment, saying why. */
export const RectifyBody = Type.Object(
  {
    itemId: Id,
    compartment: literalUnion(COMPARTMENT_NAMES),
    /** The Yjs field name, e.g. `analysis`, `goal`, `criterion/<id>`. */
    field: ShortText({ minLength: 1 }),
    correction: LongText(),
    reason: LongText({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type RectifyBody = Static<typeof RectifyBody>;

export const MinutesQuery = Type.Object(
  {
    /** `original`: the executor also sees the original text of corrected fields (audited, art. 12). */
    include: Type.Optional(Type.Literal('original')),
  },
  { additionalProperties: false },
);
export type MinutesQuery = Static<typeof MinutesQuery>;

/** A compartment of a frozen record as one reader may see it: its content, or only that it exists and why not. */
export const RecordCompartmentView = Type.Union([
  Type.Object({
    compartment: literalUnion(COMPARTMENT_NAMES),
    access: Type.Literal('read'),
    /** Readable content per Yjs type name (texts as strings, measures and agenda entries as objects). */
    content: Type.Record(Type.String(), Type.Unknown()),
    /** Shown because it was disclosed to the reader's organisation (art. 10.5). */
    disclosed: Type.Boolean(),
    /**
     * Corrections of this compartment (art. 12). The content above already shows the corrected text; the original
     * is shielded from ordinary readers and given only to the executor who asks for it.
     */
    rectifications: Type.Optional(Type.Array(RectificationView)),
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
  /** True: the subject's data were destroyed at the end of the retention period (art. 13); only the place remains. */
  destroyed: Type.Boolean(),
  /**
   * True: the subject's file is in the non-active archive and this reader is no core party's member (art. 13.2):
   * only the place remains, as for an item the reader was not admitted to.
   */
  archived: Type.Boolean(),
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
          /** The vote has a remark this reader may not read (shared/domain/consent.ts, ConsentVoteView). */
          remarkMasked: Type.Optional(Type.Object({ rule: Type.String() })),
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
  /** The covenant's parties as named at the freeze (owners of measures, deciding parties). */
  parties: Type.Array(PartyRef),
  items: Type.Array(RecordItemView),
});
export type MeetingRecordView = Static<typeof MeetingRecordView>;
