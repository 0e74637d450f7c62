import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LIMITS } from '../limits';

/** Builds a string-literal union schema from a readonly tuple of values. */
export function literalUnion<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });
}

export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

export const ShortText = (options: { minLength?: number } = {}) =>
  Type.String({ minLength: options.minLength ?? 1, maxLength: LIMITS.shortText });
export const LongText = (options: { minLength?: number } = {}) =>
  Type.String({ minLength: options.minLength ?? 1, maxLength: LIMITS.longText });
/** A calendar date, `YYYY-MM-DD`. */
export const DateOnly = Type.String({ format: 'date' });
/** An instant, ISO 8601 with offset (the server stores UTC). */
export const Instant = Type.String({ format: 'date-time' });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    rule: Type.Optional(Type.String()),
  }),
});

export const PartyRef = Type.Object({
  partyId: Id,
  name: Type.String(),
});
export type PartyRef = Static<typeof PartyRef>;

/** Standard error responses every authenticated route may give. */
export function withErrors<T extends Record<number, TSchema>>(responses: T) {
  return { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, ...responses };
}
