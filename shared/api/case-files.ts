import { Type, type Static } from '@sinclair/typebox';
import { CASE_FILE_STATUSES } from '../domain/case-file';
import { Id, Instant, literalUnion } from './common';

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
  status: literalUnion(CASE_FILE_STATUSES),
  createdAt: Instant,
});
export type CaseFileDetail = Static<typeof CaseFileDetail>;

export const CaseFileSummary = Type.Object({
  id: Id,
  subjectReference: Type.String(),
  subjectName: Type.String(),
  status: literalUnion(CASE_FILE_STATUSES),
  createdAt: Instant,
});
export type CaseFileSummary = Static<typeof CaseFileSummary>;

export const CaseFileList = Type.Object({ caseFiles: Type.Array(CaseFileSummary) });
export type CaseFileList = Static<typeof CaseFileList>;
