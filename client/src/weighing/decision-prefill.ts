import type { DecisionView } from '../../../shared/api/weighing';
import type { Finding, WeighingOutcome } from '../../../shared/domain/weighing';

/** What the decision form starts from: the meeting's own analysis, or the proposal being changed. */
export interface DecisionPrefill {
  outcome?: WeighingOutcome;
  grounds: string;
  /** Per criterion id. */
  findings: Record<string, { finding?: Finding; grounds: string }>;
  involvedPartyIds?: string[];
}

/**
 * From the analysis typed live in the weegploeg (one text per criterion and one overall): the grounds per
 * criterion and overall are what the meeting wrote; the findings themselves the proposer chooses.
 */
export function prefillFromAnalysis(
  criterionIds: readonly string[],
  textOf: (criterionId: string | null) => string,
): DecisionPrefill {
  return {
    grounds: textOf(null).trim(),
    findings: Object.fromEntries(criterionIds.map((id) => [id, { grounds: textOf(id).trim() }])),
  };
}

/** From the current proposal, to change it. */
export function prefillFromProposal(decision: DecisionView): DecisionPrefill {
  return {
    outcome: decision.outcome,
    grounds: decision.grounds,
    findings: Object.fromEntries(
      decision.findings.map((f) => [f.criterionId, { finding: f.finding, grounds: f.grounds }]),
    ),
    involvedPartyIds: decision.involvedParties.map((p) => p.partyId),
  };
}
