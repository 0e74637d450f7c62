import { ErrorCode, type AccessDecision } from '../shared/index';

/**
 * An error the client caused or may be told about. The error handler turns it into
 * `{ error: { code, message, field?, rule? } }`. Messages name fields and rules, never personal data.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, field = 'params.id') =>
  new AppError(404, ErrorCode.NotFound, `${what} not found`, field);

export const forbidden = (decision: AccessDecision) =>
  new AppError(
    403,
    ErrorCode.Forbidden,
    `Forbidden: ${decision.reason} (convenant ${decision.rule})`,
    undefined,
    decision.rule,
  );

export const badInput = (field: string, problem: string) =>
  new AppError(400, ErrorCode.ValidationFailed, `${field} ${problem}`, field);

/** A well-formed request that breaks a rule of the convenant (e.g. a decision not taken by all three core parties). */
export const ruleViolation = (message: string, rule: string, field?: string) =>
  new AppError(422, ErrorCode.RuleViolation, message, field, rule);

export const conflict = (message: string, field?: string) =>
  new AppError(409, ErrorCode.Conflict, message, field);
