/** A meeting is a weegploeg (art. 7) or a casusoverleg (art. 9). */
export const MEETING_KINDS = ['weighing', 'case'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** scheduled → open (the chair opened it) → closing → closed. */
export const MEETING_STATES = ['scheduled', 'open', 'closing', 'closed'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];
