import type { ControlErrorCode } from '../../shared/index';

/** A refusal of a meeting-control event, sent back in its acknowledgement (code, message, convenant rule). */
export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
    readonly rule?: string,
  ) {
    super(message);
  }
}
