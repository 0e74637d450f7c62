import { ANALYSIS_TEXT, PLAN_GOAL_TEXT } from '../../../shared/live/content';
import type { FieldEditor } from './awareness';

/**
 * What a field someone edits is called in an announcement ("Dirk Visser bewerkt G3"): a criterion by its code,
 * the overall analysis, the goal or a measure of the plan, or else the compartment itself. Never its text.
 */
export type FieldTopic =
  | { kind: 'criterion'; criterionId: string }
  | { kind: 'analysis' }
  | { kind: 'goal' }
  | { kind: 'measure' }
  | { kind: 'compartment' };

export function fieldTopic(fieldKey: string): FieldTopic {
  if (fieldKey.startsWith('criterion/'))
    return { kind: 'criterion', criterionId: fieldKey.slice('criterion/'.length) };
  if (fieldKey === ANALYSIS_TEXT) return { kind: 'analysis' };
  if (fieldKey === PLAN_GOAL_TEXT) return { kind: 'goal' };
  if (fieldKey.startsWith('measure/')) return { kind: 'measure' };
  return { kind: 'compartment' };
}

/** One person editing one field: the key under which it is announced once, and what to say. */
export interface EditingNotice {
  key: string;
  name: string;
  compartment: string;
  fieldKey: string;
}

/** Everyone editing a field of these compartments now, as notices (the caller announces each once). */
export function editingNotices(
  byCompartment: readonly { compartment: string; editing: ReadonlyMap<string, readonly FieldEditor[]> }[],
): EditingNotice[] {
  return byCompartment.flatMap(({ compartment, editing }) =>
    [...editing].flatMap(([fieldKey, editors]) =>
      editors.map((editor) => ({
        key: `${editor.name}\u0000${editor.organisation}\u0000${compartment}\u0000${fieldKey}`,
        name: editor.name,
        compartment,
        fieldKey,
      })),
    ),
  );
}
