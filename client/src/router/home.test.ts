import { describe, expect, it } from 'vitest';
import { homeRouteOf, takesPartInMeetings } from './home';

describe('home screen per role', () => {
  it('lands the administrator and the officer on their own screen, everyone else on their meetings', () => {
    expect(homeRouteOf('admin')).toBe('authorisations');
    expect(homeRouteOf('officer')).toBe('oversight');
    for (const role of ['chair', 'executor', 'member', 'satellite'] as const)
      expect(homeRouteOf(role)).toBe('meetings');
    expect(homeRouteOf(undefined)).toBe('meetings');
  });

  it('offers meetings only to those who take part in them', () => {
    expect(takesPartInMeetings('admin')).toBe(false);
    expect(takesPartInMeetings('officer')).toBe(false);
    expect(takesPartInMeetings('member')).toBe(true);
    expect(takesPartInMeetings('executor')).toBe(true);
  });
});
