import { describe, expect, it } from 'vitest';
import { decisionBlocker } from './decision-access';

describe('why a decision cannot be recorded', () => {
  it('the role first (art. 8.2), then the file: agendaed or closed takes no new decision', () => {
    expect(decisionBlocker({ mayRecord: false, status: 'open' })).toBe('role');
    expect(decisionBlocker({ mayRecord: false, status: 'closed' })).toBe('role');
    expect(decisionBlocker({ mayRecord: true, status: 'agendaed' })).toBe('status');
    expect(decisionBlocker({ mayRecord: true, status: 'closed' })).toBe('status');
    expect(decisionBlocker({ mayRecord: true, status: 'open' })).toBeNull();
    expect(decisionBlocker({ mayRecord: true, status: 'not_substantial' })).toBeNull();
  });
});
