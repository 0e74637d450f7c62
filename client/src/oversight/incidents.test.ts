import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../shared/api/oversight';
import { LIMITS } from '../../../shared/limits';
import {
  closeBlocker,
  currentStatus,
  deadlineMessage,
  durationMessage,
  fromDutchInput,
  incidentDraft,
  incidentProblems,
  lateReasonProblem,
  dutchInputValue,
  mayRecordNotification,
  notifiedLate,
  notifiedProblem,
  toIncidentBody,
} from './incidents';

const HOUR = 3_600_000;
const now = new Date('2026-03-10T12:00:00.000Z');
const iso = (offsetHours: number) => new Date(now.getTime() + offsetHours * HOUR).toISOString();

const incident = (over: Partial<IncidentView>): IncidentView => ({
  id: 'i1',
  title: 'Verslag verkeerd gemaild',
  description: 'x',
  occurredOn: null,
  discoveredAt: iso(-10),
  personalData: true,
  authorityNotification: 'required',
  authorityNotifiedAt: null,
  authorityNotifiedBy: null,
  notifiedLate: false,
  lateReason: null,
  authorityDeadline: iso(62),
  actions: 'y',
  status: 'notification_due',
  createdAt: iso(-9),
  closedAt: null,
  ...over,
});
const when = (instant: string) => `<${instant}>`;

describe('incident status and deadline', () => {
  it('computes the status as of now: the deadline passes while the screen is open', () => {
    expect(currentStatus(incident({}), now)).toBe('notification_due');
    expect(currentStatus(incident({ discoveredAt: iso(-80), authorityDeadline: iso(-8) }), now)).toBe(
      'notification_overdue',
    );
    expect(currentStatus(incident({ authorityNotifiedAt: iso(-1) }), now)).toBe('open');
    expect(currentStatus(incident({ authorityNotification: 'not_required' }), now)).toBe('open');
    expect(currentStatus(incident({ closedAt: iso(-1) }), now)).toBe('closed');
  });

  it('counts down to the deadline, or says how long ago it passed', () => {
    expect(deadlineMessage(incident({}), now, when)).toEqual({
      key: 'oversight.incidents.deadlines.left',
      params: {
        time: {
          key: 'oversight.duration.pair',
          params: {
            a: { key: 'oversight.duration.days', params: { n: 2 } },
            b: { key: 'oversight.duration.hours', params: { n: 14 } },
          },
        },
        deadline: `<${iso(62)}>`,
      },
    });
    expect(
      deadlineMessage(incident({ discoveredAt: iso(-80), authorityDeadline: iso(-8) }), now, when),
    ).toEqual({
      key: 'oversight.incidents.deadlines.passed',
      params: { time: { key: 'oversight.duration.hours', params: { n: 8 } }, deadline: `<${iso(-8)}>` },
    });
    expect(deadlineMessage(incident({ authorityNotification: 'undecided' }), now, when)).toMatchObject({
      key: 'oversight.incidents.deadlines.leftUndecided',
    });
    expect(deadlineMessage(incident({ authorityNotification: 'not_required' }), now, when)).toEqual({
      key: 'oversight.incidents.deadlines.notRequired',
    });
    expect(deadlineMessage(incident({ authorityNotifiedAt: iso(-1) }), now, when)).toEqual({
      key: 'oversight.incidents.deadlines.notified',
      params: { when: `<${iso(-1)}>`, deadline: `<${iso(62)}>` },
    });
    expect(
      deadlineMessage(incident({ authorityDeadline: iso(-8), authorityNotifiedAt: iso(-1) }), now, when),
    ).toMatchObject({ key: 'oversight.incidents.deadlines.notifiedLate' });
  });

  it('writes a span in its two largest units', () => {
    expect(durationMessage(HOUR + 60_000)).toEqual({
      key: 'oversight.duration.pair',
      params: {
        a: { key: 'oversight.duration.hoursOne', params: { n: 1 } },
        b: { key: 'oversight.duration.minutesOne', params: { n: 1 } },
      },
    });
    expect(durationMessage(24 * HOUR)).toEqual({ key: 'oversight.duration.daysOne', params: { n: 1 } });
    expect(durationMessage(-5 * 60_000)).toEqual({ key: 'oversight.duration.minutes', params: { n: 5 } });
    expect(durationMessage(30_000)).toEqual({ key: 'oversight.duration.lessThanAMinute' });
  });

  it('closes only when the notification is decided and, if required, recorded', () => {
    expect(closeBlocker(incident({}))).toBe('oversight.incidents.closeBlocked.notNotified');
    expect(closeBlocker(incident({ authorityNotification: 'undecided' }))).toBe(
      'oversight.incidents.closeBlocked.undecided',
    );
    expect(closeBlocker(incident({ authorityNotifiedAt: iso(-1) }))).toBeNull();
    expect(closeBlocker(incident({ authorityNotification: 'not_required' }))).toBeNull();
    expect(closeBlocker(incident({ closedAt: iso(-1) }))).toBe('oversight.incidents.closeBlocked.closed');
    expect(mayRecordNotification(incident({}))).toBe(true);
    expect(mayRecordNotification(incident({ authorityNotification: 'undecided' }))).toBe(true);
    expect(mayRecordNotification(incident({ authorityNotification: 'not_required' }))).toBe(false);
    expect(mayRecordNotification(incident({ authorityNotifiedAt: iso(-1) }))).toBe(false);
  });
});

describe('date-time inputs', () => {
  it('round-trips a Dutch date-time and rejects what is not one', () => {
    const dutch = new Date('2026-03-10T08:05:00Z'); // 09:05 in the Netherlands in winter
    expect(dutchInputValue(dutch)).toBe('2026-03-10T09:05');
    expect(fromDutchInput('2026-03-10T09:05')?.getTime()).toBe(dutch.getTime());
    expect(fromDutchInput('2026-02-30T09:05')).toBeNull();
    expect(fromDutchInput('10-03-2026 09:05')).toBeNull();
    expect(fromDutchInput('')).toBeNull();
  });
});

describe('registering an incident', () => {
  const local = (offsetHours: number) => dutchInputValue(new Date(now.getTime() + offsetHours * HOUR));
  const complete = {
    ...incidentDraft(now),
    title: ' Verslag verkeerd gemaild ',
    description: 'Een PDF ging naar een verkeerd adres.',
    discoveredAt: local(-80),
    personalData: 'yes' as const,
    authorityNotification: 'required' as const,
    actions: 'Ontvanger gevraagd het te verwijderen.',
  };

  it('starts with the discovery now and the notification undecided', () => {
    const draft = incidentDraft(now);
    expect(draft.discoveredAt).toBe(dutchInputValue(now));
    expect(draft.authorityNotification).toBe('undecided');
    expect(incidentProblems(draft, now)).toEqual({
      title: 'oversight.incidents.form.titleRequired',
      description: 'oversight.incidents.form.descriptionRequired',
      personalData: 'oversight.incidents.form.personalDataRequired',
      actions: 'oversight.incidents.form.actionsRequired',
    });
  });

  it('sends a complete draft with the discovery as an instant', () => {
    expect(incidentProblems(complete, now)).toEqual({});
    const body = toIncidentBody(complete);
    expect(body).toMatchObject({
      title: 'Verslag verkeerd gemaild',
      personalData: true,
      authorityNotification: 'required',
    });
    expect(body).not.toHaveProperty('occurredOn');
    expect(Math.abs(new Date(body.discoveredAt).getTime() - (now.getTime() - 80 * HOUR))).toBeLessThan(
      60_000,
    );
    expect(toIncidentBody({ ...complete, occurredOn: '2026-03-01', personalData: 'no' })).toMatchObject({
      occurredOn: '2026-03-01',
      personalData: false,
    });
  });

  it('refuses a discovery in the future and an occurrence after it', () => {
    expect(incidentProblems({ ...complete, discoveredAt: local(2) }, now)).toEqual({
      discoveredAt: 'oversight.incidents.form.discoveredFuture',
    });
    expect(incidentProblems({ ...complete, occurredOn: '2026-04-01' }, now)).toEqual({
      occurredOn: 'oversight.incidents.form.occurredAfterDiscovery',
    });
    expect(incidentProblems({ ...complete, occurredOn: '2026-02-31' }, now)).toEqual({
      occurredOn: 'oversight.incidents.form.occurredInvalid',
    });
  });

  it('records a notification at a real moment, not in the future', () => {
    expect(notifiedProblem(local(-1), now)).toBeUndefined();
    expect(notifiedProblem(local(1), now)).toBe('oversight.incidents.notify.future');
    expect(notifiedProblem('', now)).toBe('oversight.incidents.notify.required');
  });

  it('asks the reasons for a notification after the 72 hours (art. 33.1 AVG)', () => {
    const deadline = iso(-2);
    expect(notifiedLate(local(-3), deadline)).toBe(false);
    expect(notifiedLate(local(-1), deadline)).toBe(true);
    expect(notifiedLate('', deadline)).toBe(false);
    expect(lateReasonProblem(local(-3), deadline, '')).toBeUndefined();
    expect(lateReasonProblem(local(-1), deadline, '  ')).toBe(
      'oversight.incidents.notify.lateReasonRequired',
    );
    expect(lateReasonProblem(local(-1), deadline, 'x'.repeat(LIMITS.longText + 1))).toBe('oversight.tooLong');
    expect(
      lateReasonProblem(local(-1), deadline, 'Pas na vier dagen ontdekt dat het om persoonsgegevens ging.'),
    ).toBeUndefined();
  });
});
