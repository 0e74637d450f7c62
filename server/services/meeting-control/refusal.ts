import { ErrorCode } from '../../../shared/index';
import { AppError } from '../../errors';

const STATUS = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
} as const;

/**
 * A refusal of a meeting-control step, with the code and status REST gives the same refusal; the live transport
 * sends code, message and rule in the event's acknowledgement.
 */
export const refusal = (code: keyof typeof STATUS, message: string, rule?: string) =>
  new AppError(STATUS[code], code, message, undefined, rule);
