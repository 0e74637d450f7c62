/**
 * Visibility compartments of a meeting's live content. A Y.Doc cannot be partly replicated (every client needs
 * every update, and sync messages carry the whole delete set), so each compartment is a Y.Doc of its own and the
 * server decides per connection which documents it serves. The split follows the files' contents (art. 8.2, 10.2).
 */
export const COMPARTMENTS = {
  /** Order, time per item, status and the chair's notes; one per meeting. */
  agenda: { scope: 'meeting', article: 'art. 5' },
  /** NAW of the subject (art. 8.2a, 10.2a). */
  identity: { scope: 'item', article: 'art. 8.2a, 10.2a' },
  /** Description of the signals (art. 8.2b, 10.2b). */
  signals: { scope: 'item', article: 'art. 8.2b, 10.2b' },
  /** Analysis against the reference framework (art. 8.2d, 10.2d). */
  analysis: { scope: 'item', article: 'art. 8.2d, 10.2d' },
  /** The integral plan of approach: goal and measures per party (art. 1e, 10.2e). */
  plan: { scope: 'item', article: 'art. 1e, 10.2e' },
  /** Achterblijvers and the social network, only as needed for the plan (art. 10.2f–g). */
  network: { scope: 'item', article: 'art. 10.2f, 10.2g' },
  /** Conclusions drafted during the meeting (decision, grounds; art. 7.4, 9.4). */
  conclusions: { scope: 'item', article: 'art. 7.4, 9.4' },
  /** The chair's notes on the item; kept apart from the agenda so the agenda itself holds references only. */
  notes: { scope: 'item', article: 'art. 5' },
} as const;

export type Compartment = keyof typeof COMPARTMENTS;
export const COMPARTMENT_NAMES = Object.keys(COMPARTMENTS) as Compartment[];
export const ITEM_COMPARTMENTS = COMPARTMENT_NAMES.filter((c) => COMPARTMENTS[c].scope === 'item');

export type DocAddress =
  | { meetingId: string; itemId: null; compartment: 'agenda' }
  | { meetingId: string; itemId: string; compartment: Exclude<Compartment, 'agenda'> };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DOC_NAME = new RegExp(`^meeting/(${UUID})/(?:agenda|item/(${UUID})/([a-z]+))$`);

/** The document name a compartment is served under (the y-websocket "room"). */
export function docName(address: DocAddress): string {
  return address.itemId === null
    ? `meeting/${address.meetingId}/agenda`
    : `meeting/${address.meetingId}/item/${address.itemId}/${address.compartment}`;
}

export function parseDocName(name: string): DocAddress | null {
  const match = DOC_NAME.exec(name);
  if (!match) return null;
  const [, meetingId, itemId, compartment] = match;
  if (!itemId) return { meetingId: meetingId!, itemId: null, compartment: 'agenda' };
  if (!compartment || !(compartment in COMPARTMENTS) || compartment === 'agenda') return null;
  return { meetingId: meetingId!, itemId, compartment: compartment as Exclude<Compartment, 'agenda'> };
}

export type CompartmentAccess = 'write' | 'read' | 'none';
