import { describe, expect, it } from 'vitest';
import type { PartyNoticeView } from '../../../shared/api/party-notices';
import en from '../i18n/en';
import nl from '../i18n/nl';
import { resolveMessage, type Message } from '../minutes/format';
import {
  BADGE_INTERVAL_MS,
  acknowledgementMessage,
  badgeDue,
  groupSent,
  isAcknowledged,
  minutesOf,
  noticeMessage,
  withAcknowledged,
} from './party-notices';

type Tree = { [key: string]: string | Tree };
const lookup = (tree: Tree, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);

/** The message as a reader sees it in one language (the app's vue-i18n does the same interpolation). */
function render(tree: Tree, message: Message): string {
  return resolveMessage((key, params) => {
    const template = lookup(tree, key);
    if (typeof template !== 'string') throw new Error(`no message ${key}`);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name]));
  }, message);
}
const dutch = (message: Message) => render(nl, message);
const english = (message: Message) => render(en, message);

const day = (instant: string) => `<${instant.slice(0, 10)}>`;
const when = (instant: string) => `<${instant}>`;

const rectification = (over: Partial<PartyNoticeView> = {}): PartyNoticeView => ({
  id: 'n1',
  kind: 'rectification',
  organisation: 'Politie Eenheid Voorbeeld',
  subjectReference: 'PGA-2026-0007',
  meeting: {
    id: 'm1',
    title: 'Casusoverleg december',
    kind: 'case',
    scheduledAt: '2026-12-04T09:00:00.000Z',
  },
  itemPosition: 2,
  requestKind: null,
  createdAt: '2026-12-10T10:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...over,
});
const carriedOut = (over: Partial<PartyNoticeView> = {}): PartyNoticeView =>
  rectification({
    kind: 'request_carried_out',
    meeting: null,
    itemPosition: null,
    requestKind: 'deletion',
    ...over,
  });

describe('notices to the parties (art. 12.6)', () => {
  it('says in plain words what was corrected, and where the party reads it', () => {
    expect(dutch(noticeMessage(rectification(), day))).toBe(
      'Het verslag van Casusoverleg december (<2026-12-04>), agendapunt 2, is gecorrigeerd (art. 12.6).',
    );
    expect(english(noticeMessage(rectification(), day))).toBe(
      'The minutes of Casusoverleg december (<2026-12-04>), agenda item 2, were corrected (art. 12.6).',
    );
    expect(minutesOf(rectification())).toBe('m1');
    // The meeting no longer known: still a notice, without a link.
    const unknown = rectification({ meeting: null, itemPosition: null });
    expect(dutch(noticeMessage(unknown, day))).toBe('Een vastgesteld verslag is gecorrigeerd (art. 12.6).');
    expect(minutesOf(unknown)).toBeNull();
  });

  it('names the request carried out by its subject reference and kind, with no link', () => {
    expect(dutch(noticeMessage(carriedOut(), day))).toBe(
      'Een verzoek van betrokkene PGA-2026-0007 tot verwijdering is uitgevoerd (art. 12.6).',
    );
    expect(dutch(noticeMessage(carriedOut({ requestKind: 'correction' }), day))).toContain('tot correctie');
    expect(dutch(noticeMessage(carriedOut({ requestKind: 'objection' }), day))).toContain('tot verzet');
    expect(dutch(noticeMessage(carriedOut({ requestKind: null }), day))).toBe(
      'Een verzoek van betrokkene PGA-2026-0007 is uitgevoerd (art. 12.6).',
    );
    expect(minutesOf(carriedOut())).toBeNull();
  });

  it('says who saw a notice for the party, and when', () => {
    expect(dutch(acknowledgementMessage(rectification(), when))).toBe('Nog niet gezien');
    const seen = { acknowledgedAt: '2026-12-11T08:30:00.000Z', acknowledgedBy: 'Dirk Visser' };
    expect(dutch(acknowledgementMessage(seen, when))).toBe(
      'Gezien door Dirk Visser op <2026-12-11T08:30:00.000Z>',
    );
    expect(dutch(acknowledgementMessage({ ...seen, acknowledgedBy: null }, when))).toBe(
      'Gezien op <2026-12-11T08:30:00.000Z>',
    );
    expect(isAcknowledged(seen)).toBe(true);
  });

  it('counts again once a notice is acknowledged', () => {
    const list = { notices: [rectification(), carriedOut({ id: 'n2' })], unacknowledged: 2 };
    const seen = { ...list.notices[0]!, acknowledgedAt: '2026-12-11T08:30:00.000Z', acknowledgedBy: 'D' };
    const after = withAcknowledged(list, seen);
    expect(after.unacknowledged).toBe(1);
    expect(after.notices.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(after.notices[0]).toBe(seen);
    expect(list.notices[0]!.acknowledgedAt).toBeNull();
  });

  it("groups the executor's list per correction or request, the parties by name", () => {
    const at = '2026-12-10T10:00:00.000Z';
    const later = '2026-12-10T10:05:00.000Z';
    const sent = [
      rectification({ id: 'a', createdAt: later, organisation: 'Politie Eenheid Voorbeeld' }),
      rectification({
        id: 'b',
        createdAt: later,
        organisation: 'Gemeente Voorbeeldstad',
        acknowledgedAt: later,
        acknowledgedBy: 'Carla Bakker',
      }),
      rectification({ id: 'c', createdAt: at, organisation: 'Politie Eenheid Voorbeeld' }),
      carriedOut({ id: 'd', createdAt: at, organisation: 'GGZ Voorbeeld' }),
    ];
    const groups = groupSent(sent);
    expect(groups.map((g) => g.parties.map((p) => p.id))).toEqual([['b', 'a'], ['c'], ['d']]);
    expect(groups.map((g) => g.acknowledged)).toEqual([1, 0, 0]);
    expect(groups[0]!.notice.id).toBe('a');
    expect(new Set(groups.map((g) => g.key)).size).toBe(3);
    expect(groupSent([])).toEqual([]);
  });

  it('asks the server for the count at most once a minute, and at once for another login', () => {
    expect(badgeDue(null, 'm1', 0)).toBe(true);
    const last = { membershipId: 'm1', at: 1_000 };
    expect(badgeDue(last, 'm1', 1_000 + BADGE_INTERVAL_MS - 1)).toBe(false);
    expect(badgeDue(last, 'm1', 1_000 + BADGE_INTERVAL_MS)).toBe(true);
    expect(badgeDue(last, 'm2', 1_001)).toBe(true);
    expect(BADGE_INTERVAL_MS).toBeGreaterThanOrEqual(60_000);
  });
});
