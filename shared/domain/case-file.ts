/** Status of a case file: open while the plan of approach runs; closed once its closure is decided (art. 10.2h). */
export const CASE_FILE_STATUSES = ['open', 'closed'] as const;
export type CaseFileStatus = (typeof CASE_FILE_STATUSES)[number];

/** Art. 10.2f–g: achterblijvers ('left_behind') and people in the subject's social network ('network'). */
export const RELATED_PERSON_KINDS = ['left_behind', 'network'] as const;
export type RelatedPersonKind = (typeof RELATED_PERSON_KINDS)[number];
