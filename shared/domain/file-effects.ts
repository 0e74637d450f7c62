/**
 * What a frozen meeting's agreed outcomes did to the files, recorded in the record and shown in the minutes.
 * - `case_file_copy`: the weegploeg put the subject on the agenda; the relevant data went to a case file (art. 8.5).
 * - `case_agenda_entry`: the case was put on the next casusoverleg (null: none scheduled; the executor adds it).
 * - `notification_duty`: the weegploeg decided, either way: the subject must be informed (art. 11).
 * - `next_review`: the casusoverleg goes on with the plan until the agreed review date (art. 9.4).
 * - `closure`: the casusoverleg agreed to close the plan; recorded in both files (art. 8.2f, 10.2h).
 * - `carried_over`: the item goes to the next meeting of the same kind (null: none scheduled yet).
 */
export type FileEffect =
  | { kind: 'case_file_copy'; caseFileId: string }
  | { kind: 'case_agenda_entry'; caseFileId: string; meetingId: string | null; scheduledAt: string | null }
  | { kind: 'notification_duty'; dutyId: string }
  | { kind: 'next_review'; caseFileId: string; nextReviewOn: string }
  | { kind: 'closure'; caseFileId: string; weighingFileId: string | null }
  | { kind: 'carried_over'; meetingId: string | null; scheduledAt: string | null };
