import { ApiError, NETWORK_ERROR } from '../api/http';
import { PasskeyProblem } from '../composables/passkeys';
import { i18n } from './index';

export interface ErrorText {
  /** Translated, for the user. */
  text: string;
  /** The server's own (English) explanation, shown where the generic text would hide which rule bit. */
  detail?: string;
}

/** Generic translated text per stable error code (shared/errors.ts); unknown codes fall back to the server text. */
const CODE_KEYS: Record<string, string> = {
  BAD_REQUEST: 'errors.badRequest',
  VALIDATION_FAILED: 'errors.validation',
  MALFORMED_JSON: 'errors.badRequest',
  UNSUPPORTED_MEDIA_TYPE: 'errors.badRequest',
  PAYLOAD_TOO_LARGE: 'errors.tooLarge',
  NOT_AUTHENTICATED: 'errors.notAuthenticated',
  INVALID_CREDENTIALS: 'errors.invalidCredentials',
  NOT_FOUND: 'errors.notFound',
  CONFLICT: 'errors.conflict',
  RULE_VIOLATION: 'errors.ruleViolation',
  INTERNAL: 'errors.internal',
  UNAVAILABLE: 'errors.unavailable',
  PROTOCOL_MISMATCH: 'errors.protocolMismatch',
  CROSS_ORIGIN_REFUSED: 'errors.generic',
  HOST_REFUSED: 'errors.generic',
  [NETWORK_ERROR]: 'errors.network',
};

/** Codes whose generic text says too little: the server's message names the field or rule. */
const WITH_DETAIL = new Set([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'CONFLICT',
  'RULE_VIOLATION',
  'CROSS_ORIGIN_REFUSED',
]);

/** Refusals (403) per convenant article, so the user reads *why* in their own language. */
const RULE_KEYS: Record<string, string> = {
  'art. 8.4': 'refusals.weighingFile',
  'art. 7.1': 'refusals.registerSignal',
  'art. 8.2': 'refusals.decision',
  'art. 10.5': 'refusals.caseFile',
  'art. 9.1': 'refusals.meeting',
  'art. 11.3': 'refusals.notifications',
  'art. 11.2': 'refusals.informed',
  'art. 12.1': 'refusals.subjectRequests',
};

export function describeError(error: unknown): ErrorText {
  const { t } = i18n.global;
  if (error instanceof PasskeyProblem) return { text: t(`passkey.problems.${error.kind}`) };
  if (!(error instanceof ApiError)) return { text: t('errors.generic') };

  if (error.code === 'LOGIN_THROTTLED') {
    return {
      text:
        error.retryAfter === undefined
          ? t('errors.throttledNoTime')
          : t('errors.throttled', { seconds: error.retryAfter }),
    };
  }
  if (error.code === 'FORBIDDEN') {
    const key = error.rule === undefined ? undefined : RULE_KEYS[error.rule];
    if (key) return { text: t(key) };
    if (error.rule) return { text: t('errors.forbiddenRule', { rule: error.rule }), detail: error.message };
    return { text: t('errors.forbidden'), detail: error.message };
  }
  const key = CODE_KEYS[error.code];
  if (!key) return { text: error.message };
  return WITH_DETAIL.has(error.code) ? { text: t(key), detail: error.message } : { text: t(key) };
}
