/**
 * What the audit log (art. 15.2e) records: the actions and the kinds of object. One list for the server that
 * writes the log and the officer's screen that reads it, so a new kind of object cannot be logged without the
 * review screen knowing how to name it.
 */
export const AUDIT_ACTIONS = [
  'read',
  'list',
  'create',
  'update',
  'archive',
  'destroy',
  'login',
  'logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OBJECT_TYPES = [
  'weighing_file',
  'case_file',
  'meeting',
  'meeting_record',
  'live_document',
  'disclosure',
  'notification_duty',
  'subject_request',
  'party_notice',
  'reference_framework',
  'membership',
  'session',
  'retention',
  'audit_log',
  'access_review',
  'incident',
  /** The covenant itself: its organisations (art. 1c, annex 1). */
  'covenant',
] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

/** Every attempt is logged, the refused ones too (art. 15.2e): a refusal names the rule that refused it. */
export const AUDIT_RESULTS = ['allowed', 'denied'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];
