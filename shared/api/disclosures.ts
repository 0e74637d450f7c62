import { Type, type Static } from '@sinclair/typebox';
import { CONSENT_CAPACITIES, DISCLOSABLE_COMPARTMENTS, DISCLOSURE_STATES } from '../domain/disclosure';
import { Id, Instant, LongText, literalUnion } from './common';

/**
 * Proposing a disclosure to an external partner (art. 10.5) with the four building blocks of lawful sharing:
 * purpose and legal basis (prefilled from the covenant, LAWFUL_SHARING_DEFAULTS), necessity and care, and the kind
 * of data the article asks to record.
 */
export const ProposeDisclosureBody = Type.Object(
  {
    compartment: literalUnion(DISCLOSABLE_COMPARTMENTS),
    recipientPartyId: Id,
    purpose: LongText(),
    legalBasis: LongText(),
    necessity: LongText(),
    dataKind: LongText(),
    care: LongText(),
  },
  { additionalProperties: false },
);
export type ProposeDisclosureBody = Static<typeof ProposeDisclosureBody>;

export const DecideDisclosureBody = Type.Object(
  { decision: literalUnion(['consent', 'refuse'] as const) },
  { additionalProperties: false },
);
export type DecideDisclosureBody = Static<typeof DecideDisclosureBody>;

export const DisclosureParams = Type.Object({ id: Id, disclosureId: Id }, { additionalProperties: false });
export type DisclosureParams = Static<typeof DisclosureParams>;

export const DisclosureView = Type.Object({
  id: Id,
  caseFileId: Id,
  compartment: literalUnion(DISCLOSABLE_COMPARTMENTS),
  recipient: Type.Object({ partyId: Id, name: Type.String() }),
  owner: Type.Union([Type.Object({ partyId: Id, name: Type.String() }), Type.Null()]),
  purpose: Type.String(),
  legalBasis: Type.String(),
  necessity: Type.String(),
  dataKind: Type.String(),
  care: Type.String(),
  state: literalUnion(DISCLOSURE_STATES),
  proposedBy: Type.Object({ name: Type.String(), organisation: Type.String() }),
  proposedAt: Instant,
  requiredConsents: Type.Array(literalUnion(CONSENT_CAPACITIES)),
  consents: Type.Array(
    Type.Object({
      capacity: literalUnion(CONSENT_CAPACITIES),
      decision: literalUnion(['consent', 'refuse'] as const),
      name: Type.String(),
      organisation: Type.String(),
      decidedAt: Instant,
    }),
  ),
  /** The capacities in which the caller may still decide (empty when none, or when it is no longer open). */
  myCapacities: Type.Array(literalUnion(CONSENT_CAPACITIES)),
  revokedAt: Type.Union([Instant, Type.Null()]),
});
export type DisclosureView = Static<typeof DisclosureView>;

export const DisclosureList = Type.Object({ disclosures: Type.Array(DisclosureView) });
export type DisclosureList = Static<typeof DisclosureList>;
