import { describe, expect, it } from 'vitest';
import type { AuthorisationView } from '../../../shared/api/authorisations';
import type { IncidentView } from '../../../shared/api/oversight';
import { ACCESS_FLAGS } from '../../../shared/domain/access-review';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from '../../../shared/domain/audit-vocabulary';
import { historyByMessage, historyMessage } from '../authorisations/authorisations';
import en from '../i18n/en';
import nl from '../i18n/nl';
import type { Message } from '../minutes/format';
import { nextStepMessage, statusMessage, timeLeftMessage } from '../retention/retention';
import { actionMessage, flagExplanation, flagMessage, resultMessage } from './access-log';
import { closeBlocker, deadlineMessage, durationMessage } from './incidents';

/** Every key the controller's screens build at run time exists in both languages (a typo would show the key). */
type Tree = { [key: string]: string | Tree };
const lookup = (tree: Tree, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);

function keysOf(message: Message): string[] {
  if ('text' in message) return [];
  const nested = Object.values(message.params ?? {}).flatMap((value) =>
    typeof value === 'object' ? keysOf(value) : [],
  );
  return [message.key, ...nested];
}

function expectKnown(messages: Message[]): void {
  for (const key of messages.flatMap(keysOf)) {
    expect(typeof lookup(nl, key), `nl ${key}`).toBe('string');
    expect(typeof lookup(en, key), `en ${key}`).toBe('string');
  }
}

const HOUR = 3_600_000;
const now = new Date('2026-03-10T12:00:00.000Z');
const iso = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

describe('message keys of the controller screens', () => {
  it('access log', () => {
    // Every action on every kind of object the server logs.
    const entries = AUDIT_ACTIONS.flatMap((action) =>
      AUDIT_OBJECT_TYPES.map((objectType) => ({ action, objectType })),
    );
    expectKnown([
      ...entries.map(actionMessage),
      resultMessage({ result: 'allowed', rule: 'art. 8.4' }),
      resultMessage({ result: 'denied', rule: null }),
      ...ACCESS_FLAGS.flatMap((flag) => [flagMessage(flag), flagExplanation(flag)]),
    ]);
  });

  it('incidents', () => {
    const base: IncidentView = {
      id: 'i',
      title: 't',
      description: 'd',
      occurredOn: null,
      discoveredAt: iso(-10),
      personalData: true,
      authorityNotification: 'required',
      authorityNotifiedAt: null,
      authorityNotifiedBy: null,
      notifiedLate: false,
      lateReason: null,
      authorityDeadline: iso(62),
      actions: 'a',
      status: 'notification_due',
      createdAt: iso(-10),
      closedAt: null,
    };
    const variants: Partial<IncidentView>[] = [
      {},
      { authorityNotification: 'undecided' },
      { authorityDeadline: iso(-8) },
      { authorityDeadline: iso(-8), authorityNotification: 'undecided' },
      { authorityNotifiedAt: iso(-1) },
      { authorityNotifiedAt: iso(-1), authorityDeadline: iso(-8) },
      { authorityNotification: 'not_required' },
      { closedAt: iso(-1) },
    ];
    const incidents = variants.map((variant) => ({ ...base, ...variant }));
    expectKnown([
      ...incidents.map((incident) => deadlineMessage(incident, now, String)),
      ...incidents.flatMap((incident) => {
        const key = closeBlocker(incident);
        return key ? [{ key }] : [];
      }),
      ...[0, 30_000, 60_000, 120_000, HOUR, 2 * HOUR + 60_000, 24 * HOUR, 50 * HOUR].map(durationMessage),
    ]);
  });

  it('authorisations', () => {
    const at = iso(0);
    const steps: AuthorisationView['history'] = [
      { change: 'granted', role: 'member', capacity: 'x', by: null, at },
      { change: 'changed', role: 'admin', capacity: 'x', by: 'Jan Kok', at },
      { change: 'revoked', role: 'officer', capacity: 'x', by: 'Jan Kok', at },
    ];
    expectKnown(steps.flatMap((step) => [historyMessage(step), historyByMessage(step, String)]));
  });

  it('retention', () => {
    const policy = { notAgendaedMaxMonths: 6, archiveAfterMonths: 12, destroyAfterYears: 5 };
    const file = {
      kind: 'weighing' as const,
      fileId: 'f',
      subjectReference: 'PGA-1',
      status: 'open',
      lastProcessedAt: iso(0),
      archivedAt: null,
      next: null,
      postponed: null,
    };
    expectKnown([
      nextStepMessage(file, policy),
      ...(['art. 13.1', 'art. 13.2', 'art. 13.3'] as const).flatMap((rule) =>
        (['archive', 'destroy'] as const).map((action) =>
          nextStepMessage({ ...file, next: { action, at: iso(1000), rule } }, policy),
        ),
      ),
      ...[-1, 2, 30, 48, 24 * 100, 24 * 800].map((hours) => timeLeftMessage(iso(hours), now)),
      ...['open', 'agendaed', 'not_substantial', 'closed'].map((status) =>
        statusMessage({ kind: 'weighing', status }),
      ),
      ...['open', 'closed'].map((status) => statusMessage({ kind: 'case', status })),
    ]);
  });
});
