import { ErrorCode } from '../../../shared/index';
import { AppError } from '../../errors';

/** Why a meeting could not be frozen (nothing was): the chair is told, the meeting goes on. */
export class FreezeError extends AppError {
  constructor(message: string) {
    super(409, ErrorCode.Conflict, message);
    this.name = 'FreezeError';
  }
}
