/** A frozen record holds a meeting's minutes, or a rectification of earlier minutes (art. 12). */
export const RECORD_KINDS = ['minutes', 'rectification'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
