import type { RectifyBody } from '../../../shared/api/records';
import type { Compartment } from '../../../shared/live/compartments';
import { LIMITS } from '../../../shared/limits';

/**
 * The executor's correction of one text field of frozen minutes (art. 12), checked before it is sent. The record
 * itself is never changed: the server stores the correction as a new record linked to it.
 */
export interface RectifyDraft {
  /** The new text, prefilled with the text readers see now. */
  text: string;
  reason: string;
}

/** What is wrong with a draft, per input, as i18n keys (`minutes.rectify.*`); empty when it can be sent. */
export interface RectifyProblems {
  text?: 'minutes.rectify.textRequired' | 'minutes.rectify.unchanged' | 'minutes.rectify.tooLong';
  reason?: 'minutes.rectify.reasonRequired' | 'minutes.rectify.tooLong';
}

/**
 * A correction needs a text (the server takes no empty one), different from the current one, and a reason; both
 * within the API's limit for long texts.
 */
export function rectifyProblems(draft: RectifyDraft, current: string): RectifyProblems {
  const problems: RectifyProblems = {};
  if (draft.text.trim() === '') problems.text = 'minutes.rectify.textRequired';
  else if (draft.text === current) problems.text = 'minutes.rectify.unchanged';
  else if (draft.text.length > LIMITS.longText) problems.text = 'minutes.rectify.tooLong';
  const reason = draft.reason.trim();
  if (reason === '') problems.reason = 'minutes.rectify.reasonRequired';
  else if (reason.length > LIMITS.longText) problems.reason = 'minutes.rectify.tooLong';
  return problems;
}

/** The request body: the text as typed (its layout is the content), the reason trimmed. */
export function toRectifyBody(
  target: { itemId: string; compartment: Compartment; field: string },
  draft: RectifyDraft,
): RectifyBody {
  return {
    itemId: target.itemId,
    compartment: target.compartment,
    field: target.field,
    correction: draft.text,
    reason: draft.reason.trim(),
  };
}

/**
 * What the executor is told once a correction is stored: with how many parties were sent a notice of it
 * (art. 12.6: only those that could read the field), when the server says so.
 */
export function rectifiedMessage(partiesNotified: number | undefined): {
  key: string;
  params?: Record<string, number>;
} {
  if (partiesNotified === undefined) return { key: 'minutes.rectify.done' };
  if (partiesNotified === 0) return { key: 'minutes.rectify.doneNotifiedNone' };
  if (partiesNotified === 1) return { key: 'minutes.rectify.doneNotifiedOne' };
  return { key: 'minutes.rectify.doneNotified', params: { n: partiesNotified } };
}
