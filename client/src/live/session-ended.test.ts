import { describe, expect, it } from 'vitest';
import { loginAfterSessionEnd } from './session-ended';

describe('after the session ended', () => {
  it('goes to the login screen with its message, and back to the meeting afterwards', () => {
    const target = new URL(loginAfterSessionEnd('/overleggen/abc?item=1'), 'http://localhost');
    expect(target.pathname).toBe('/inloggen');
    expect(target.searchParams.get('reason')).toBe('session-ended');
    expect(target.searchParams.get('redirect')).toBe('/overleggen/abc?item=1');
  });
});
