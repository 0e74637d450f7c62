import { describe, expect, it } from 'vitest';
import type { NotificationView } from '../../../shared/api/notifications';
import {
  deferProblems,
  historyMessage,
  informedProblems,
  isOpen,
  statusMessage,
  toDeferBody,
  toInformedBody,
} from './notifications';

const day = (d: string) => `<${d}>`;
const duty = (over: Partial<NotificationView>): NotificationView => ({
  id: 'd1',
  subjectReference: 'PGA-2026-0001',
  subjectName: 'Subject',
  weighingFileId: 'f1',
  decisionOutcome: 'agenda',
  dueSince: '2026-03-01T10:00:00.000Z',
  state: 'due',
  status: 'due',
  deferralGround: null,
  reviewOn: null,
  informedOn: null,
  informedHow: null,
  history: [],
  ...over,
});

describe('notification register', () => {
  it('names each status, with the date it depends on', () => {
    expect(statusMessage(duty({}), day)).toEqual({ key: 'notifications.statuses.due' });
    expect(statusMessage(duty({ status: 'overdue' }), day)).toEqual({
      key: 'notifications.statuses.overdue',
    });
    expect(
      statusMessage(duty({ state: 'deferred', status: 'deferred', reviewOn: '2026-06-01' }), day),
    ).toEqual({ key: 'notifications.statuses.deferred', params: { date: '<2026-06-01>' } });
    expect(statusMessage(duty({ state: 'deferred', status: 'review_due' }), day)).toEqual({
      key: 'notifications.statuses.review_due',
    });
    expect(
      statusMessage(duty({ state: 'informed', status: 'informed', informedOn: '2026-04-02' }), day),
    ).toEqual({ key: 'notifications.statuses.informed', params: { date: '<2026-04-02>' } });
  });

  it('says what each step of the history did', () => {
    const base = { by: 'Dirk Visser', at: '2026-03-02T10:00:00.000Z', informedOn: null, informedHow: null };
    expect(
      historyMessage({ ...base, kind: 'deferred', deferralGround: 'crime', reviewOn: '2026-06-01' }, day),
    ).toEqual({
      key: 'notifications.history.deferred',
      params: { date: '<2026-06-01>', ground: { key: 'deferralGrounds.crime' } },
    });
    expect(
      historyMessage(
        {
          ...base,
          kind: 'informed',
          deferralGround: null,
          reviewOn: null,
          informedOn: '2026-04-02',
          informedHow: 'per brief',
        },
        day,
      ),
    ).toEqual({ key: 'notifications.history.informed', params: { date: '<2026-04-02>', how: 'per brief' } });
  });

  it('keeps an informed duty closed', () => {
    expect(isOpen({ state: 'due' })).toBe(true);
    expect(isOpen({ state: 'deferred' })).toBe(true);
    expect(isOpen({ state: 'informed' })).toBe(false);
  });

  it('defers only on a ground, until a date after today', () => {
    const today = '2026-03-10';
    expect(deferProblems({ ground: '', reviewOn: '' }, today)).toEqual({
      ground: 'notifications.defer.groundRequired',
      reviewOn: 'notifications.defer.reviewRequired',
    });
    expect(deferProblems({ ground: 'crime', reviewOn: today }, today)).toEqual({
      reviewOn: 'notifications.defer.reviewRequired',
    });
    expect(deferProblems({ ground: 'crime', reviewOn: '2026-03-11' }, today)).toEqual({});
    expect(toDeferBody({ ground: 'protection', reviewOn: '2026-03-11' })).toEqual({
      ground: 'protection',
      reviewOn: '2026-03-11',
    });
    expect(() => toDeferBody({ ground: '', reviewOn: '2026-03-11' })).toThrow();
  });

  it('records informing on a day that is not in the future, and says how', () => {
    const today = '2026-03-10';
    expect(informedProblems({ informedOn: '2026-03-11', how: '  ' }, today)).toEqual({
      informedOn: 'notifications.informed.dateRequired',
      how: 'notifications.informed.howRequired',
    });
    expect(informedProblems({ informedOn: today, how: 'x'.repeat(201) }, today)).toEqual({
      how: 'notifications.informed.howTooLong',
    });
    expect(informedProblems({ informedOn: today, how: 'per brief' }, today)).toEqual({});
    expect(toInformedBody({ informedOn: today, how: ' per brief ' })).toEqual({
      informedOn: today,
      how: 'per brief',
    });
  });
});
