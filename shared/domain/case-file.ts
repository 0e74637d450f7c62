/** Status of a case file: open while the plan of approach runs; closed once its closure is decided (art. 10.2h). */
export const CASE_FILE_STATUSES = ['open', 'closed'] as const;
export type CaseFileStatus = (typeof CASE_FILE_STATUSES)[number];
