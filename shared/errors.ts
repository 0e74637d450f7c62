/**
 * Stable error codes of the API. Every error response has the body `{ error: { code, message, field? } }`:
 * `code` is for programs and never changes meaning, `message` is English prose for people and logs, `field`
 * names the offending input (`body.description`, `params.id`, …) when one input is to blame.
 * Messages never contain personal data: they name fields and rules, not values.
 */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedJson: 'MALFORMED_JSON',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  NotAuthenticated: 'NOT_AUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  LoginThrottled: 'LOGIN_THROTTLED',
  Forbidden: 'FORBIDDEN',
  CrossOriginRefused: 'CROSS_ORIGIN_REFUSED',
  /** The Host header is not one of this server's origins (PUBLIC_ORIGIN, ALLOWED_ORIGINS): DNS rebinding. */
  HostRefused: 'HOST_REFUSED',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  RuleViolation: 'RULE_VIOLATION',
  Internal: 'INTERNAL',
  /** The database cannot be reached: retry after the `Retry-After` seconds. */
  Unavailable: 'UNAVAILABLE',
  /** A live client speaks another protocol version (LIVE_PROTOCOL_VERSION) than the server: reload the page. */
  ProtocolMismatch: 'PROTOCOL_MISMATCH',
  /** The action needs a recent authentication: confirm the password (and second factor) again, then retry. */
  StepUpRequired: 'STEP_UP_REQUIRED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    /** The convenant article a refusal rests on, e.g. "art. 8.4". */
    rule?: string;
  };
}
