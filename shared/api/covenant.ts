import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { ORGANISATION_TYPES, PARTY_KINDS } from '../domain/parties';
import { Id, literalUnion } from './common';

export const PartyView = Type.Object({
  id: Id,
  organisationId: Id,
  name: Type.String(),
  organisationType: literalUnion(ORGANISATION_TYPES),
  kind: literalUnion(PARTY_KINDS),
  /** Listed in annex 1 (external case partners). */
  annex1: Type.Boolean(),
});
export type PartyView = Static<typeof PartyView>;

export const CriterionView = Type.Object({
  id: Id,
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
});
export type CriterionView = Static<typeof CriterionView>;

export const ReferenceFrameworkView = Type.Object({
  id: Id,
  name: Type.String(),
  isExample: Type.Boolean(),
  criteria: Type.Array(CriterionView),
});
export type ReferenceFrameworkView = Static<typeof ReferenceFrameworkView>;

export const CovenantView = Type.Object({
  id: Id,
  name: Type.String(),
  region: Type.String(),
  parties: Type.Array(PartyView),
  referenceFramework: ReferenceFrameworkView,
  retention: Type.Object({
    notAgendaedMaxMonths: Type.Integer(),
    archiveAfterMonths: Type.Integer(),
    destroyAfterYears: Type.Integer(),
  }),
});
export type CovenantView = Static<typeof CovenantView>;

export const UpdateReferenceFrameworkBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.shortText }),
    criteria: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 16 }),
          title: Type.String({ minLength: 1, maxLength: LIMITS.shortText }),
          description: Type.String({ maxLength: LIMITS.longText }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: LIMITS.criteriaPerFramework },
    ),
  },
  { additionalProperties: false },
);
export type UpdateReferenceFrameworkBody = Static<typeof UpdateReferenceFrameworkBody>;
