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

/**
 * Patterns beyond the JSON-schema formats: the `uuid` format also accepts a `urn:uuid:` prefix and the `date`
 * formats accept year 0000, neither of which PostgreSQL stores. Each pattern has a human hint for error messages.
 */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const DATE_YEAR_PATTERN = '^(1[89]|2[0-9])[0-9]{2}-';
const INSTANT_YEAR_PATTERN = '^(19|2[0-9])[0-9]{2}-';
export const PATTERN_HINTS: Record<string, string> = {
  [UUID_PATTERN]: 'must be a UUID such as 3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f',
  [DATE_YEAR_PATTERN]: 'must be a date (YYYY-MM-DD) between the years 1800 and 2999',
  [INSTANT_YEAR_PATTERN]: 'must be a date and time with time zone between the years 1900 and 2999',
};

export const Id = Type.String({ format: 'uuid', pattern: UUID_PATTERN });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

export const ShortText = (options: { minLength?: number } = {}) =>
  Type.String({ minLength: options.minLength ?? 1, maxLength: LIMITS.shortText });
export const LongText = (options: { minLength?: number } = {}) =>
  Type.String({ minLength: options.minLength ?? 1, maxLength: LIMITS.longText });
/** A calendar date, `YYYY-MM-DD`. */
export const DateOnly = Type.String({ format: 'date', pattern: DATE_YEAR_PATTERN });
/** An instant, ISO 8601 with offset (the server stores UTC). */
export const Instant = Type.String({ format: 'date-time', pattern: INSTANT_YEAR_PATTERN });

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
