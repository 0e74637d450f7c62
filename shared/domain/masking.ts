import { COMPARTMENT_NAMES, type Compartment } from '../live/compartments';
import type { MeetingKind } from './meetings';
import type { OrganisationType, PartyKind } from './parties';
import type { MembershipRole } from './roles';

/**
 * The masking policy: per meeting kind, participant and compartment, what a participant gets. Ordered from least
 * to most: `hidden` (not even shown to exist), `masked` (shown to exist, with its category and the rule that
 * hides it, never its content), `read`, `write`. Regions differ (150+ convenants, the 2016 research report on privacy in local safety work), so this is data,
 * stored with the covenant; the defaults below implement the model convenant.
 */
export const ACCESS_LEVELS = ['hidden', 'masked', 'read', 'write'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Who a rule is about: organisers (chair, executor), a kind of party, or one kind of organisation. */
export type ParticipantCategory = 'organiser' | PartyKind;
export type RuleParticipant = 'any' | ParticipantCategory | OrganisationType;
/** Whose contribution a rule is about (only for per-party compartments): the participant's own, or a kind. */
export type RuleOwner = 'own' | OrganisationType;

export interface MaskingRule {
  meetingKind: MeetingKind;
  compartment: Compartment;
  participant: RuleParticipant;
  owner?: RuleOwner;
  access: AccessLevel;
  /** The article (or law) the rule rests on; shown with a masked field and in the audit log. */
  rule: string;
  /** The category a masked field is shown under, in Dutch ("Afgeschermd — politiegegevens"). */
  label?: string;
}

export interface MaskingPolicy {
  version: 1;
  rules: MaskingRule[];
}

export interface PolicyParticipant {
  role: MembershipRole;
  partyKind: PartyKind | null;
  partyId: string | null;
  organisationType: OrganisationType | null;
}

export interface PolicyTarget {
  meetingKind: MeetingKind;
  compartment: Compartment;
  /** For a per-party compartment: the party whose contribution it is. */
  owner?: { partyId: string; organisationType: OrganisationType };
}

export interface AccessVerdict {
  access: AccessLevel;
  rule: string;
  label: string | null;
}

export function categoryOf(
  participant: Pick<PolicyParticipant, 'role' | 'partyKind'>,
): ParticipantCategory | null {
  if (participant.role === 'chair' || participant.role === 'executor') return 'organiser';
  return participant.partyKind;
}

const ORGANISATION_SPECIFIC = 3;
const CATEGORY_SPECIFIC = 2;

function participantScore(rule: RuleParticipant, participant: PolicyParticipant): number | null {
  if (rule === 'any') return 0;
  const category = categoryOf(participant);
  if (rule === category) return CATEGORY_SPECIFIC;
  // An organisation-specific rule never overrides the organiser's role: the chair acts as chair.
  if (category !== 'organiser' && rule === participant.organisationType) return ORGANISATION_SPECIFIC;
  return null;
}

function ownerScore(rule: RuleOwner | undefined, target: PolicyTarget, participant: PolicyParticipant) {
  if (rule === undefined) return 0;
  if (!target.owner) return null;
  if (rule === 'own') return target.owner.partyId === participant.partyId ? 20 : null;
  return rule === target.owner.organisationType ? 10 : null;
}

/**
 * What this participant gets of this compartment. The most specific matching rule wins (whose contribution first,
 * then an organisation over a kind of party over anyone); between equally specific rules the more restrictive
 * wins. Nothing matching means hidden: what the policy does not grant, nobody sees.
 */
export function effectiveAccess(
  policy: MaskingPolicy,
  participant: PolicyParticipant,
  target: PolicyTarget,
): AccessVerdict {
  let best: { score: number; rule: MaskingRule } | null = null;
  for (const rule of policy.rules) {
    if (rule.meetingKind !== target.meetingKind || rule.compartment !== target.compartment) continue;
    const who = participantScore(rule.participant, participant);
    const whose = ownerScore(rule.owner, target, participant);
    if (who === null || whose === null) continue;
    const score = who + whose;
    if (
      !best ||
      score > best.score ||
      (score === best.score && ACCESS_LEVELS.indexOf(rule.access) < ACCESS_LEVELS.indexOf(best.rule.access))
    )
      best = { score, rule };
  }
  if (!best) return { access: 'hidden', rule: 'art. 10.4', label: null };
  return { access: best.rule.access, rule: best.rule.rule, label: best.rule.label ?? null };
}

export const canSee = (access: AccessLevel) => access === 'read' || access === 'write';

/**
 * Whether a verdict lets the participant change the compartment's live document. The one rule for all three that
 * must agree: the server grants writing on the document's connection by it (server/live/authorize-doc.ts), the
 * live field is editable by it, and "Wie ziet wat" shows it as schrijven.
 */
export const canWrite = (access: AccessLevel) => access === 'write';

/** What a participant gets of every compartment in a kind of meeting: the meeting policy's rows and the live screen. */
export function compartmentVerdicts(
  policy: MaskingPolicy,
  participant: PolicyParticipant,
  meetingKind: MeetingKind,
): (AccessVerdict & { compartment: Compartment })[] {
  return COMPARTMENT_NAMES.map((compartment) => ({
    compartment,
    ...effectiveAccess(policy, participant, { meetingKind, compartment }),
  }));
}
