/**
 * Which agenda item a screen shows: the one the chair discusses, unless this participant stopped following the
 * chair to look at another item (and may go back to following at any time). The chair's own screen always shows
 * the item under discussion: the chair's choice *is* "discuss". Pure: unit-tested in follow.test.ts.
 */
export interface ViewChoice {
  isChair: boolean;
  /** "Volg de voorzitter" is on. */
  following: boolean;
  /** The item under discussion (after the meeting closed: the one discussed last). */
  chairItemId: string | null;
  /** The item this participant chose while not following, if any. */
  chosenItemId: string | null;
}

export function viewedItemId(choice: ViewChoice): string | null {
  if (choice.isChair || choice.following) return choice.chairItemId;
  return choice.chosenItemId ?? choice.chairItemId;
}

/** The participant is looking at another item than the one under discussion. */
export function looksElsewhere(choice: ViewChoice): boolean {
  return viewedItemId(choice) !== choice.chairItemId;
}
