import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant } from './common';

/** The casusoverleg file (art. 10.2), as far as this version fills it: the copy made on agenda-ing (art. 8.5). */
export const CaseFileDetail = Type.Object({
  id: Id,
  subjectReference: Type.String(),
  subject: Type.Object({
    name: Type.String(),
    dateOfBirth: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    residence: Type.Union([Type.String(), Type.Null()]),
  }),
  signals: Type.Array(
    Type.Object({
      description: Type.String(),
      observedOn: Type.String(),
      /** Art. 10.2c: the *party* that brought the signal, not the reporter (melder). */
      broughtBy: Type.String(),
    }),
  ),
  analysis: Type.String(),
  involvedParties: Type.Array(Type.Object({ partyId: Id, name: Type.String() })),
  status: Type.String(),
  createdAt: Instant,
});
export type CaseFileDetail = Static<typeof CaseFileDetail>;
