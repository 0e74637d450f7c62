import type { ParticipantPolicyRow } from '../../../shared/api/policy';
import { COMPARTMENT_NAMES, type Compartment } from '../../../shared/live/compartments';
import type { AccessLevel } from '../../../shared/domain/masking';

/**
 * "Wie ziet wat": the meeting's masking policy as a table, participants by compartments (explainable masking,
 * art. 10.4–10.5). Pure: unit-tested in policy.test.ts.
 */

/**
 * The compartments worth a column: those at least one participant gets anything of (a compartment hidden from
 * everybody, such as the plan of approach in a weegploeg, does not belong to this kind of meeting), in the order
 * of the documents.
 */
export function policyColumns(rows: readonly ParticipantPolicyRow[]): Compartment[] {
  const shown = new Set<Compartment>();
  for (const row of rows)
    for (const verdict of row.compartments) if (verdict.access !== 'hidden') shown.add(verdict.compartment);
  return COMPARTMENT_NAMES.filter((compartment) => shown.has(compartment));
}

/** One cell: what the participant gets of the compartment, and the rule (hidden if the server sent nothing). */
export function policyCell(
  row: ParticipantPolicyRow,
  compartment: Compartment,
): { access: AccessLevel; rule: string; label: string | null } {
  const verdict = row.compartments.find((v) => v.compartment === compartment);
  return verdict
    ? { access: verdict.access, rule: verdict.rule, label: verdict.label }
    : { access: 'hidden', rule: 'art. 10.4', label: null };
}
