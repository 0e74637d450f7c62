import type { CorrectionRequestView } from '../../../shared/api/minutes-reading';
import type { RecordItemView } from '../../../shared/api/records';
import { LIMITS } from '../../../shared/limits';
import {
  compartmentFields,
  fieldLabel,
  type CriterionLabel,
  type Message,
  type MinutesField,
} from './format';

/**
 * Correction requests on frozen minutes (art. 12): an attendee asks the executor to correct a text field they
 * read, with a reason; the executor carries it out as a rectification or refuses it with reasons.
 */

/** The reason of a request or of a refusal: required, and within the API's limit. */
export const REASON_MAX = 2000;

export type ReasonProblem = 'required' | 'tooLong' | undefined;

export function reasonProblem(reason: string): ReasonProblem {
  const trimmed = reason.trim();
  if (trimmed === '') return 'required';
  if (trimmed.length > Math.min(REASON_MAX, LIMITS.longText)) return 'tooLong';
  return undefined;
}

export type TextField = Extract<MinutesField, { kind: 'text' }>;

/** Where a request points in the minutes as the reader sees them: the item's place and the field, if readable. */
export interface RequestTarget {
  position: number | null;
  label: Message;
  /** The field as it reads now (for the executor's rectification), or null when the reader cannot see it. */
  field: TextField | null;
}

export function requestTarget(
  request: Pick<CorrectionRequestView, 'itemId' | 'compartment' | 'field'>,
  items: readonly RecordItemView[],
  criteria: ReadonlyMap<string, CriterionLabel>,
): RequestTarget {
  const item = items.find((i) => i.itemId === request.itemId);
  const compartment = item?.compartments.find((c) => c.compartment === request.compartment);
  const field =
    compartment?.access === 'read'
      ? compartmentFields(compartment.content, criteria).find(
          (f): f is TextField => f.kind === 'text' && f.key === request.field,
        )
      : undefined;
  return {
    position: item?.position ?? null,
    label: field?.label ?? fieldLabel(request.field, criteria),
    field: field ?? null,
  };
}

/** The open requests first (oldest first, as the server sends them), then the answered ones, newest first. */
export function orderRequests<T extends Pick<CorrectionRequestView, 'status' | 'answeredAt'>>(
  requests: readonly T[],
): T[] {
  const open = requests.filter((r) => r.status === 'requested');
  const answered = requests
    .filter((r) => r.status !== 'requested')
    .sort((a, b) => (b.answeredAt ?? '').localeCompare(a.answeredAt ?? ''));
  return [...open, ...answered];
}
