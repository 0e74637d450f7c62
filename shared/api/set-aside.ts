import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, literalUnion } from './common';

/**
 * Stored live updates that could not be applied when their document was loaded, and were set aside so the document
 * opens and the meeting can still be frozen (art. 15.1: protection against loss). For the executor, who keeps the
 * information system (art. 5). References only: the content stays in the database.
 */
export const SetAsideUpdates = Type.Object({
  updates: Type.Array(
    Type.Object({
      id: Type.Integer(),
      meetingId: Id,
      /** Null for the meeting's agenda document. */
      itemId: Type.Union([Id, Type.Null()]),
      compartment: Type.String(),
      source: literalUnion(['log', 'snapshot'] as const),
      /** The kind of error Yjs raised, never content. */
      reason: Type.String(),
      bytes: Type.Integer(),
      setAsideAt: Instant,
    }),
  ),
});
export type SetAsideUpdates = Static<typeof SetAsideUpdates>;
