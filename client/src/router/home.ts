import type { MembershipRole } from '../../../shared/domain/roles';

/**
 * The controller's administrator (art. 15.2c) and officer (art. 15.2e, 15.2g) take part in no meeting and see no
 * case data: their work is their own screen. Everyone else starts at their meetings.
 */
export function takesPartInMeetings(role: MembershipRole | undefined): boolean {
  return role !== 'admin' && role !== 'officer';
}

/** The screen a user lands on after logging in (and at `/`). */
export function homeRouteOf(role: MembershipRole | undefined): 'meetings' | 'authorisations' | 'oversight' {
  if (role === 'admin') return 'authorisations';
  if (role === 'officer') return 'oversight';
  return 'meetings';
}
