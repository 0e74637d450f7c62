/**
 * Phenomenon a signal may point to. The Inspectorate's report on early signalling (with the Ministerial letter, 2024) insists that all ideologies be recognised,
 * not only jihadism.
 */
export const PHENOMENA = [
  'jihadist',
  'right_wing',
  'left_wing',
  'anti_institutional',
  'other',
  'unknown',
] as const;
export type Phenomenon = (typeof PHENOMENA)[number];

/** Where the behaviour was observed. */
export const SIGNAL_SETTINGS = ['online', 'offline', 'both', 'unknown'] as const;
export type SignalSetting = (typeof SIGNAL_SETTINGS)[number];
