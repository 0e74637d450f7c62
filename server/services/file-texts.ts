import type { Executor } from '../../db/client';
import type { KeyOwner } from './file-keys';
import { openFields, sealFields } from './sealed-text';

/**
 * The personal texts of both files, stored sealed with their file's key (services/sealed-text.ts), so the end of
 * a file's retention (convenant art. 13) reaches every backup of the database too. One list per table: what is
 * written through `seal…` is read through `open…`, and nothing in SQL looks into these columns (a subject is
 * found by its reference; a list is ordered by dates).
 */
export const SEALED_TEXTS = {
  /** Art. 8.2a: NAW. */
  weighingFile: { table: 'weighing.weighing_files', fields: ['name', 'dateOfBirth', 'address', 'residence'] },
  /** Art. 8.2b–c: the signal and its reporter. */
  weighingSignal: {
    table: 'weighing.weighing_signals',
    fields: ['description', 'reporterName', 'reporterContact'],
  },
  /** Art. 8.2d–e: the grounds of the weegploeg's decision, and of each finding against the framework. */
  weighingDecision: { table: 'weighing.weighing_decisions', fields: ['grounds'] },
  weighingFinding: { table: 'weighing.weighing_findings', fields: ['grounds'] },
  /** Art. 10.2a, d: NAW and the analysis. */
  caseFile: {
    table: 'casefile.case_files',
    fields: ['name', 'dateOfBirth', 'address', 'residence', 'analysis'],
  },
  /** Art. 10.2b: the signal. */
  caseSignal: { table: 'casefile.case_signals', fields: ['description'] },
  /** Art. 10.2f–g: achterblijvers and the social network. */
  relatedPerson: { table: 'casefile.case_related_persons', fields: ['name', 'relation', 'details'] },
  /** Art. 10.5: a disclosure's purpose, legal basis, necessity, kind of data and care. */
  caseDisclosure: {
    table: 'casefile.case_disclosures',
    fields: ['purpose', 'legalBasis', 'necessity', 'dataKind', 'care'],
  },
} as const;

type Kind = keyof typeof SEALED_TEXTS;
type Field<K extends Kind> = (typeof SEALED_TEXTS)[K]['fields'][number];

/** `values` to store in the table of `kind`, its personal texts sealed with the key of `owner`'s file. */
export function sealTexts<K extends Kind, T extends Partial<Record<Field<K>, string | null>>>(
  db: Executor,
  kind: K,
  owner: KeyOwner,
  values: T,
): Promise<T> {
  const { table, fields } = SEALED_TEXTS[kind];
  return sealFields(db, owner, table, values, fields as never);
}

/** A row of the table of `kind` (or a part of it) with its personal texts opened; null where destroyed. */
export function openTexts<K extends Kind, T extends Partial<Record<Field<K>, string | null>>>(
  db: Executor,
  kind: K,
  fileId: string,
  row: T,
): Promise<T> {
  const { table, fields } = SEALED_TEXTS[kind];
  return openFields(db, fileId, table, row, fields.filter((field) => field in row) as never);
}
