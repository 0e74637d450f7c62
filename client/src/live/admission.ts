import type { Admission, ControlParticipant } from '../../../shared/live/control';
import type { MembershipRole } from '../../../shared/domain/roles';

/**
 * Which agenda items a participant is admitted to (art. 9.1, 10.5: a party or partner brought in for one case
 * sees that case only), and the chair's changes to it. The server decides and enforces; the screen only shows
 * it. Pure: unit-tested in admission.test.ts.
 */

/** Chair and executor organise the meeting and are always admitted to all of it. */
export function isOrganiserRole(role: MembershipRole): boolean {
  return role === 'chair' || role === 'executor';
}

/**
 * This participant's admission as the meeting state says. Absent from the list (an organiser not invited by
 * name, or a server that does not send the list yet): the whole meeting; the server still refuses what it must.
 */
export function admissionOf(
  participants: readonly ControlParticipant[] | undefined,
  membershipId: string,
): Admission {
  return participants?.find((p) => p.membershipId === membershipId)?.items ?? 'all';
}

export function isAdmitted(admission: Admission, itemId: string): boolean {
  return admission === 'all' || admission.includes(itemId);
}

/** The participants whose admission the chair can change: everyone but the organisers. */
export function admittable(participants: readonly ControlParticipant[] | undefined): ControlParticipant[] {
  return (participants ?? []).filter((p) => !isOrganiserRole(p.role));
}

/**
 * "Whole meeting" switched on or off. Off keeps every item on the agenda admitted, listed one by one, so nothing
 * changes for the participant until the chair unticks an item.
 */
export function admitWholeMeeting(whole: boolean, agendaItemIds: readonly string[]): Admission {
  return whole ? 'all' : [...agendaItemIds];
}

/** One item ticked or unticked; the result keeps the agenda's order and names only items on the agenda. */
export function admitItem(
  current: Admission,
  itemId: string,
  admitted: boolean,
  agendaItemIds: readonly string[],
): Admission {
  const listed = new Set(current === 'all' ? agendaItemIds : current);
  if (admitted) listed.add(itemId);
  else listed.delete(itemId);
  return agendaItemIds.filter((id) => listed.has(id));
}
